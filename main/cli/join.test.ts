import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, nextEvent } from '../client/test-support.js';
import { runCli, stopCli, type CliProcess } from './cli-process.js';
import { ARGV_PASSWORD_WARNING } from './password-source.js';

const harness = createHarness();
const clis: CliProcess[] = [];
afterEach(async () => {
  await Promise.all(clis.splice(0).map(stopCli));
  await harness.cleanup();
});

function join(port: number, ...args: string[]): CliProcess {
  return joinWith({}, port, ...args);
}

function joinWith(env: NodeJS.ProcessEnv, port: number, ...args: string[]): CliProcess {
  const cli = runCli(['join', `127.0.0.1:${port}`, ...args], env);
  clis.push(cli);
  return cli;
}

// Each test starts Node processes through tsx: slow on a loaded machine, so a generous limit.
describe('sarangbang join (piped stdin/stdout)', { timeout: 60_000 }, () => {
  it('runs a script of lines in order, leaves cleanly at end of input, and lists the lines not sent', async () => {
    const { port, server } = await harness.startServer({ roomName: 'lab' });
    const hansung = await harness.join(port, 'hansung', { security: { insecure: true } });
    const heard: string[] = [];
    hansung.on('msg', (message) => heard.push(`${message.scope}:${message.from}:${message.text}`));

    const cli = join(port, '--name', 'atom');
    const left = nextEvent(hansung, 'left', (event) => event.nick === 'atom');
    cli.child.stdin.end(
      ['hello', '/to hansung Hello there ..', '/lsit', '/list', '/to nobody hi', '/to hansung again', 'y'].join('\n') +
        '\n',
    );

    // The whisper to nobody was refused: listed on stderr, and the exit code says some lines were not sent.
    expect(await cli.exited).toEqual({ code: 4, signal: null });
    expect(cli.stdout().split('\n')).toEqual([
      `New room: code ${server.identity.code} (compare it with the host; remembered from now on)`,
      'Joined "lab" at 127.0.0.1:' + port + ' as atom. 2 users here. Type /help for commands.',
      '[atom] hello',
      // hansung joined over cleartext: the first whisper to them warns (once).
      '! hansung is not encrypted: the host and anyone on the network can read this',
      '[귓속말 → hansung] Hello there ..',
      '! Unknown command /lsit.',
      '  Did you mean /list? Type /help for the list of commands.',
      '2 users in the room:',
      // atom (the CLI) is on TLS; hansung joined with --insecure.
      expect.stringMatching(/^ {2}(atom \(you\)|hansung \(unencrypted\))$/),
      expect.stringMatching(/^ {2}(atom \(you\)|hansung \(unencrypted\))$/),
      '! Nobody called nobody is here.',
      '[귓속말 → hansung] again', // warned once per peer only
      '[atom] y',
      '',
    ]);
    expect(cli.stderr()).toBe('! Not sent: /to nobody hi\n');
    expect(await left).toMatchObject({ reason: 'quit' });
    expect(heard).toEqual(['room:atom:hello', 'whisper:atom:Hello there ..', 'whisper:atom:again', 'room:atom:y']);
  });

  it('shows the others in the course style and answers a 1:1 request with y', async () => {
    const { port } = await harness.startServer();
    const cli = join(port, '--name', 'user2');
    await cli.waitFor(/^Joined/);
    const user1 = await harness.join(port, 'user1');
    await cli.waitFor(/^\[user1\]님이 입장하였습니다\.$/);

    await user1.say('hi everyone');
    await cli.waitFor(/^\[user1\] hi everyone$/);
    await user1.whisper('user2', 'Hello there');
    await cli.waitFor(/^\[귓속말\] \[user1\] Hello there$/);

    await user1.askWith('user2');
    await cli.waitFor(/^\[user1\]님이 1:1 대화를 요청했습니다\. \(y\/n\)\?$/);
    const started = nextEvent(user1, 'with.started');
    cli.write('y');
    expect(await started).toMatchObject({ peer: 'user2' });
    await cli.waitFor(/^\[user1\]님과 1:1 대화 시작$/);

    const private1 = nextEvent(user1, 'msg');
    cli.write('Hello user1');
    expect(await private1).toMatchObject({ scope: 'dm', from: 'user2', text: 'Hello user1' });
    await cli.waitFor(/^\[1:1\] \[user2\] Hello user1$/);

    cli.write('/end');
    await cli.waitFor(/^\[user1\]님과 1:1 대화 종료$/);
    await user1.close();
    await cli.waitFor(/^\[user1\]님이 퇴장하였습니다\.$/);
    cli.child.stdin.end();
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  it('says what to check when nobody listens, with exit code 1', async () => {
    const { server, port } = await harness.startServer();
    await server.close();
    const cli = join(port, '--name', 'atom');
    expect((await cli.exited).code).toBe(1);
    expect(cli.stderr()).toMatch(new RegExp(`Nobody is accepting connections at 127\\.0\\.0\\.1:${port}.*firewall`));
  });

  it('reports a wrong password and a taken nickname', async () => {
    const { port } = await harness.startServer({ password: 'sesame' });
    await harness.join(port, 'atom', { password: 'sesame' });
    const wrong = join(port, '--name', 'bob', '--password', 'nope');
    const taken = joinWith({ SARANGBANG_PASSWORD: 'sesame' }, port, '--name', 'Atom');
    expect((await wrong.exited).code).toBe(1);
    expect((await taken.exited).code).toBe(1);
    const [warning, ...rest] = wrong.stderr().split('\n');
    expect(warning).toBe(ARGV_PASSWORD_WARNING);
    expect(rest.join('\n')).toMatch(/^! .*password/i);
    expect(taken.stderr()).toMatch(/^! .*(taken|in use)/i);
  });

  it('exits with code 1 when the room closes and --no-reconnect is given', async () => {
    const { server, port } = await harness.startServer();
    const cli = join(port, '--name', 'atom', '--no-reconnect');
    await cli.waitFor(/^Joined/);
    await server.close();
    expect((await cli.exited).code).toBe(1);
    expect(cli.stdout()).toMatch(/! .*shutting down/);
  });

  it('refuses bad arguments with usage help and exit code 2', async () => {
    const cli = runCli(['join', 'localhost']);
    clis.push(cli);
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr()).toMatch(/Choose a nickname with --name[\s\S]*sarangbang join --help/);
  });
});

import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ConnectionSecurity } from '@contract/ipc-contract';
import { renderWithApp } from '../../test-support/render';
import { SecurityBadge } from './SecurityBadge';

const CODE = 'K7QX-2M9D-4HBT-Z0PA-8E3C';

describe('SecurityBadge (room header lock)', () => {
  it.each([
    [{ encrypted: true, hostCode: CODE, verified: 'code' }, 'Encrypted · verified by room code'],
    [{ encrypted: true, hostCode: CODE, verified: 'pinned' }, 'Encrypted · known room'],
    [{ encrypted: true, hostCode: CODE, verified: 'first-use' }, 'Encrypted · first visit (compare the room code)'],
  ] as [ConnectionSecurity, string][])('%o reads "%s" with the room code in its tooltip', (security, text) => {
    renderWithApp(<SecurityBadge security={security} />);
    const badge = screen.getByRole('img', { name: `${text}. Room code ${CODE}` });
    expect(badge.getAttribute('title')).toBe(`${text}\nRoom code ${CODE}`);
    expect(badge.textContent).toBe(text);
  });

  it('says plainly when the connection is not encrypted', () => {
    renderWithApp(<SecurityBadge security={{ encrypted: false }} />);
    expect(screen.getByRole('img', { name: 'Not encrypted' }).className).toContain('text-danger');
  });

  it('in Korean', () => {
    renderWithApp(<SecurityBadge security={{ encrypted: true, hostCode: CODE, verified: 'pinned' }} />, {
      language: 'ko',
    });
    expect(screen.getByRole('img', { name: `암호화됨 · 아는 방. 방 코드 ${CODE}` })).toBeTruthy();
  });

  it('shows nothing while the connection has not said', () => {
    const { container } = renderWithApp(<SecurityBadge security={undefined} />);
    expect(container.textContent).toBe('');
  });
});

/** The client core: a typed session over the wire protocol, and the parser for what users type. */
export { ClientSession, createClientSession } from './session.js';
export type {
  ConnectedEvent,
  DisconnectReason,
  DisconnectedEvent,
  LoginResult,
  UserList,
  ReconnectingEvent,
  RequestFields,
  ServerEvents,
  SessionEvents,
  SessionOptions,
  SessionSecurity,
  SessionSecurityOptions,
  SessionState,
} from './session-types.js';
export {
  ConnectionError,
  ProtocolError,
  isIdentityError,
  type ConnectionErrorCode,
  type ConnectionErrorDetails,
  type IdentityChangedDetails,
  type IdentityMismatchDetails,
  type SessionError,
} from './errors.js';
export {
  Outbox,
  OUTBOX_OFFLINE_MS,
  newClientId,
  type OutboxEvent,
  type OutboxMessage,
  type OutboxState,
} from './outbox.js';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
export { parseCommand, splitArguments, type Command, type ParseResult } from './command-parser.js';
export {
  COMMANDS,
  commandHelp,
  commandNames,
  completeCommand,
  findCommand,
  helpText,
  type ArgKind,
  type CommandName,
  type CommandSpec,
} from './commands.js';
export { TypedEmitter, type Listener } from './typed-emitter.js';

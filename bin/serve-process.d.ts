// Types of serve-process.js (plain JavaScript, so the bins run without a build), for the benchmarks that start
// the room the same way.
export declare const SERVE_HEAP_FLAGS: readonly string[];
export declare const SERVE_ENV: Readonly<Record<string, string>>;
export declare function becomeRoomProcess(script: string, args: readonly string[]): void;

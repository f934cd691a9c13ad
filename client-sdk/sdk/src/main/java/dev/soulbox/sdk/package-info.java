/**
 * The SoulBox Java SDK: create sandboxes and drive them.
 *
 * <pre>{@code
 * try (SoulBox client = SoulBox.builder().build();
 *      Sandbox sandbox = client.create()) {
 *   CommandResult r = sandbox.commands().run("python3 -c 'print(6 * 7)'");
 *   sandbox.files().write("notes/hello.txt", "hi");
 *   try (PtyHandle term = sandbox.pty().create(80, 24, bytes -> System.out.write(bytes, 0, bytes.length))) {
 *     term.sendInput("ls notes\n");
 *   }
 * }
 * }</pre>
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link dev.soulbox.sdk.SoulBox}: the client; {@code create}, {@code connect}, {@code list}, {@code kill}.</li>
 *   <li>{@link dev.soulbox.sdk.Sandbox}: one sandbox; {@code commands()}, {@code pty()}, {@code files()} and its
 *       lifecycle ({@code kill}, {@code pause}, {@code resume}, {@code setTimeout}, {@code metrics}, {@code logs},
 *       {@code followLogs}, {@code exposePort}, {@code vncUrl}, {@code accessToken}). Closing it kills it unless {@code keepOnClose()} was called.</li>
 *   <li>{@link dev.soulbox.sdk.Commands} / {@link dev.soulbox.sdk.CommandHandle}: {@code run} (wait for the
 *       result), {@code start} (background, with stdin, signals, kill), {@code list}, {@code connect} by pid or
 *       tag.</li>
 *   <li>{@link dev.soulbox.sdk.Pty} / {@link dev.soulbox.sdk.PtyHandle}: interactive terminals.</li>
 *   <li>{@link dev.soulbox.sdk.Files}: read, write, upload, download (SHA-256 checked, with optional
 *       {@link dev.soulbox.sdk.TransferProgress}), list, stat, exists, makeDir, rename, remove, watchDir.</li>
 *   <li>{@link dev.soulbox.sdk.Templates}: {@code client.templates()} lists, builds ({@link dev.soulbox.sdk.TemplateSpec})
 *       and deletes templates.</li>
 * </ul>
 *
 * <h2>Timeouts</h2>
 * Short calls have a deadline of {@link dev.soulbox.sdk.SoulBox.Builder#requestTimeout 60 s}. Commands and
 * terminals have <b>no</b> timeout unless given one ({@code CommandOptions.timeout}); the sandbox then kills
 * them when it runs out, even if the client is gone. E2B's SDK kills commands after 60 s by default; SoulBox
 * does not, because a long build should not die that way.
 *
 * <h2>Dropped connections</h2>
 * The output of a command or terminal survives a dropped connection: the SDK reconnects with exponential
 * backoff and full jitter ({@link dev.soulbox.sdk.ReconnectPolicy}) and resumes the output at the byte where it
 * stopped, so callbacks see every byte once, in order. A stream that cannot reconnect within the policy's bound
 * fails with {@link dev.soulbox.sdk.ConnectionLostException}, which names the process so it can be connected to
 * again. A directory watch subscribes again the same way, but changes made while it was disconnected are missed.
 * A stream that hears nothing, not even the sandbox's keepalives, for twice the keepalive interval plus up to
 * 10 s is treated as disconnected, even if TCP has not noticed. Short calls are not retried.
 *
 * <h2>Errors</h2>
 * Every failure is an unchecked {@link dev.soulbox.sdk.SoulBoxException}; its subclasses (not found, sandbox
 * gone, authentication, timeout, invalid argument, already exists, checksum mismatch, command exit, connection
 * lost) are listed there with the gRPC status codes they stand for. Local I/O failures are
 * {@link java.io.UncheckedIOException}; bad arguments caught before any call are
 * {@link java.lang.IllegalArgumentException}.
 *
 * <h2>Threads</h2>
 * Clients, sandboxes and handles are thread-safe. Callbacks run on the SDK's threads, one at a time per stream,
 * in order; a slow callback slows its stream (the sandbox holds the process back), never anything else.
 */
package dev.soulbox.sdk;

#!/usr/bin/python3
"""Runs a shell command in a new SoulBox sandbox, over plain gRPC, without any SDK.

Creates a sandbox through the orchestrator, runs the command in it through the orchestrator's
agent proxy, streams its stdout and stderr as they come, prints its exit code and kills the
sandbox, also after an error or Ctrl-C. Exits with the command's exit code (1 when a signal ended it).

    ./generate.sh                                   # once: the stubs, into gen/
    ./run_command.py 'uname -a; echo oops >&2; exit 3'

The orchestrator is SOULBOX_ENDPOINT (default localhost:7070) and its API key SOULBOX_API_KEY
(default: the key file the orchestrator writes on this machine), or --endpoint and --api-key.
"""

import argparse
import contextlib
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "gen"))
try:
    import grpc
    from process import process_pb2, process_pb2_grpc
    from soulbox.orchestrator.v1 import sandbox_pb2, sandbox_pb2_grpc
except ImportError as missing:
    if missing.name in ("grpc", "google"):
        sys.exit(f"error: {missing}: run this with Debian's /usr/bin/python3, with python3-grpcio installed")
    sys.exit(f"error: {missing}: generate the stubs first with ./generate.sh")

KEY_FILE = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "soulbox" / "api-key"
CREATE_TIMEOUT_S = 60
KILL_TIMEOUT_S = 30


class Failure(Exception):
    """Something this program cannot go on after; the message says what to do."""


def main():
    args = parse_args()
    for interrupt in (signal.SIGINT, signal.SIGTERM):  # a kill is a Ctrl-C: clean up, then go
        signal.signal(interrupt, signal.default_int_handler)
    try:
        with open_channel(args.endpoint) as channel:
            return run_in_new_sandbox(channel, args)
    except Failure as failure:
        print(f"error: {failure}", file=sys.stderr)
        return 1
    except grpc.RpcError as error:
        print(f"error: {explain(error, args.endpoint)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def parse_args():
    parser = argparse.ArgumentParser(description="Run a shell command in a new SoulBox sandbox.")
    parser.add_argument("command", help="run by /bin/bash -l -c in the sandbox")
    parser.add_argument("--endpoint", default=os.environ.get("SOULBOX_ENDPOINT", "localhost:7070"),
                        help="the orchestrator's gRPC address, host:port or https://host[:port]"
                             " (default: $SOULBOX_ENDPOINT, else localhost:7070)")
    parser.add_argument("--api-key", default=os.environ.get("SOULBOX_API_KEY"),
                        help=f"the orchestrator's API key (default: $SOULBOX_API_KEY, else {KEY_FILE})")
    parser.add_argument("--template", default="base", help="the sandbox's template (default: base)")
    args = parser.parse_args()
    if not args.api_key and KEY_FILE.is_file():
        args.api_key = KEY_FILE.read_text().strip()
    if not args.api_key:
        parser.error(f"no API key: set SOULBOX_API_KEY or pass --api-key (the orchestrator keeps it in {KEY_FILE})")
    return args


def open_channel(endpoint):
    if endpoint.startswith("https://"):
        return grpc.secure_channel(endpoint.removeprefix("https://"), grpc.ssl_channel_credentials())
    return grpc.insecure_channel(endpoint.removeprefix("http://"))


def run_in_new_sandbox(channel, args):
    sandboxes = sandbox_pb2_grpc.SandboxServiceStub(channel)
    admin = [("x-api-key", args.api_key)]
    sandbox = None
    try:
        with interrupts_deferred():  # a sandbox being made is killed once it is there, not left behind
            sandbox = sandboxes.CreateSandbox(sandbox_pb2.CreateSandboxRequest(template=args.template),
                                              metadata=admin, timeout=CREATE_TIMEOUT_S)
            print(f"sandbox {sandbox.sandbox_id} created", file=sys.stderr)
        end = run_command(channel, sandbox, args.command)
    finally:
        if sandbox is not None:
            with interrupts_deferred():
                sandboxes.KillSandbox(sandbox_pb2.KillSandboxRequest(sandbox_id=sandbox.sandbox_id),
                                      metadata=admin, timeout=KILL_TIMEOUT_S)
                print(f"sandbox {sandbox.sandbox_id} killed", file=sys.stderr)
    return end.exit_code if end.exited else 1


def run_command(channel, sandbox, command):
    """Starts the command in the sandbox, copies its output here as it comes, returns its EndEvent."""
    agent = process_pb2_grpc.ProcessStub(channel)
    # the orchestrator relays calls with sandbox-id to that sandbox's agent, which checks the token
    metadata = [("sandbox-id", sandbox.sandbox_id), ("x-access-token", sandbox.envd_access_token)]
    request = process_pb2.StartRequest(
        process=process_pb2.ProcessConfig(cmd="/bin/bash", args=["-l", "-c", command]), stdin=False)
    outputs = {"stdout": sys.stdout.buffer, "stderr": sys.stderr.buffer}
    for response in agent.Start(request, metadata=metadata):
        event = response.event
        kind = event.WhichOneof("event")
        if kind == "data":
            stream = event.data.WhichOneof("output")
            outputs[stream].write(getattr(event.data, stream))
            outputs[stream].flush()
        elif kind == "end":
            end = event.end  # a command ended by a signal has no exit code, only a status
            print(f"exit code {end.exit_code}" if end.exited else f"no exit code: {end.status} {end.error}".rstrip(),
                  file=sys.stderr)
            return end
    raise Failure("the sandbox's agent closed the stream before the command ended")


@contextlib.contextmanager
def interrupts_deferred():
    """Holds Ctrl-C and SIGTERM back until the block is done, then raises KeyboardInterrupt."""
    caught = []
    previous = {s: signal.signal(s, lambda signum, _frame: caught.append(signum))
                for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if caught:
        raise KeyboardInterrupt


def explain(error, endpoint):
    code, details = error.code(), error.details()
    if code == grpc.StatusCode.UNAVAILABLE:
        return (f"cannot reach the orchestrator at {endpoint} ({details}). Is it running? Start it with"
                " `soulbox server`, or set SOULBOX_ENDPOINT (or --endpoint) to where it listens.")
    if code == grpc.StatusCode.UNAUTHENTICATED:
        return (f"the orchestrator at {endpoint} refused the API key: {details}."
                " Set SOULBOX_API_KEY (or --api-key) to the key it was started with.")
    return f"{code.name}: {details}"


if __name__ == "__main__":
    sys.exit(main())

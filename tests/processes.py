"""Child processes of the tests (daphne, redis-server)."""

import subprocess


def stop_process(process: subprocess.Popen, *, timeout: float = 10) -> None:
    """Ask the process to stop; if it has not within ``timeout`` seconds (closing many sockets
    on a busy machine can take that long), kill it rather than leave it running."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)

"""``make run``'s first step: is the address free? Runs on the system's Python, before the
virtual environment exists, so that a taken port is said before installing or migrating."""

import socket
import sys


def port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As the server will: a port left in TIME_WAIT by a stopped server counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError:
            return False
    return True


def main(host: str, port: str) -> int:
    if not port.isdigit() or not 0 < int(port) < 65536:
        print(f"PORT={port}: to nie numer portu / not a port number (1–65535).", file=sys.stderr)
        return 2
    if port_free(host, int(port)):
        return 0
    suggestion = int(port) + 1 if int(port) < 65535 else 8001
    print(
        f"Port {port} na {host} jest zajęty (działa tam inny serwer?).\n"
        f"Port {port} on {host} is already taken (another server running there?).\n"
        f"Zatrzymaj go albo uruchom na innym porcie / stop it or use another port:\n"
        f"    make run PORT={suggestion}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

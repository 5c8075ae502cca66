"""A free TCP port on 127.0.0.1, for the Python tests and benches (tests/e2e/lib.sh has the shell
one). Import it with sys.path.insert(0, <repo>/tests/pylib)."""
import socket


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port

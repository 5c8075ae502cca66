"""A free TCP port on 127.0.0.1, for the tests and benches (tests/e2e/lib.sh runs this file).
Import it with sys.path.insert(0, <repo>/tests/pylib).

The port is taken below the kernel's ephemeral range: a service restarted on the same port (an
upgrade, a start/stop cycle) must find it still free, and a port from the ephemeral range can be
given meanwhile to any outgoing connection of the tests running beside it."""
import random
import socket


def _ephemeral_start():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port():
    high = _ephemeral_start()
    low = 10000 if high > 12000 else 1024
    for _ in range(200):
        port = random.randrange(low, high)
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            s.close()
    raise RuntimeError("no free port below the ephemeral range after 200 tries")


if __name__ == "__main__":
    print(free_port())

"""One HTTP GET for the Python tests and benches: (status, body), an HTTP error's status and body
included. Import it with sys.path.insert(0, <repo>/tests/pylib)."""
import socket
import urllib.error
import urllib.request


def fetch(url, timeout=10, unreachable_is_zero=False):
    """With unreachable_is_zero, no answer at all (refused, reset, timed out) is (0, b"") for a
    caller that polls until a deadline; otherwise it raises."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (urllib.error.URLError, ConnectionError, socket.timeout):
        if unreachable_is_zero:
            return 0, b""
        raise

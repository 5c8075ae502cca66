#!/usr/bin/python3
"""Every endpoint's live answers checked against docs/openapi.json.

Given the base URL of a running sysmetrics, asks every path of the spec (path parameters taken
from the list answers: a pid from /api/v1/processes, a service from /api/v1/services) with GET,
HEAD and OPTIONS, with and without credentials, conditionally (If-None-Match), with queries, and
a set of wrong requests (unknown paths, bad parameters, other methods, a URI over the limit, a
malformed Range, a request that is not HTTP, a head over the limit). Each answer's status must be
one the spec documents for that operation (a request no operation describes: the spec's
`x-other-requests`), its Content-Type one the spec names for that status, its required headers
present, and its JSON body valid against that status's schema. The schemas are JSON Schema
2020-12 (OpenAPI 3.1's dialect), validated by Debian's python3-jsonschema with one tightening: an
object schema that lists `properties` and says nothing of others admits no others, so a field
the code sends and the spec does not describe fails. A HEAD answer must have GET's status and
Content-Type and no body.

Every failure names the request, the status and where the answer and the spec part ways (the
JSON pointer in the body and the schema's place in the spec).

  openapi_check.py BASE_URL [--spec docs/openapi.json] [--user U --password P]
Exits 1 on any failure; prints how many method, path and status combinations it validated.
"""
import argparse
import base64
import copy
import json
import os
import re
import socket
import sys
import time
import urllib.parse

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SPEC = os.path.join(HERE, "..", "..", "docs", "openapi.json")
OTHER = "x-other-requests"  # the spec's answers to requests no operation describes


def pointer_escape(key):
    return str(key).replace("~", "~0").replace("/", "~1")


class Spec:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.doc = json.load(f)
        # The tightened copy the bodies are validated against (see the module's docstring).
        self.strict = copy.deepcopy(self.doc)
        self._tighten(self.strict)
        self.templates = []
        for template in self.doc["paths"]:
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
            self.templates.append((re.compile(pattern), template))
        self._validators = {}

    def _tighten(self, node):
        if isinstance(node, dict):
            if ("properties" in node and "additionalProperties" not in node
                    and "unevaluatedProperties" not in node):
                node["additionalProperties"] = False
            for value in node.values():
                self._tighten(value)
        elif isinstance(node, list):
            for value in node:
                self._tighten(value)

    def resolve(self, pointer, doc=None):
        node = self.doc if doc is None else doc
        for part in pointer.lstrip("#/").split("/"):
            if part:
                part = part.replace("~1", "/").replace("~0", "~")
                node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def template_of(self, path):
        """The spec's path for a concrete path: exact first, then a template."""
        if path in self.doc["paths"]:
            return path
        for pattern, template in self.templates:
            if pattern.match(path):
                return template
        return None

    def responses_for(self, method, path):
        """(where, responses): the operation's responses, or the spec's answers to requests no
        operation describes."""
        template = self.template_of(path) if path is not None else None
        if template is not None:
            operation = self.doc["paths"][template].get(method.lower())
            if operation is not None:
                return (f"#/paths/{pointer_escape(template)}/{method.lower()}/responses",
                        operation["responses"])
        return f"#/{OTHER}/responses", self.doc.get(OTHER, {}).get("responses", {})

    def response(self, where, responses, status):
        """(pointer, response object) for a status, $refs followed; None when undocumented."""
        key = str(status) if str(status) in responses else (
            f"{str(status)[0]}XX" if f"{str(status)[0]}XX" in responses else None)
        if key is None:
            return None
        pointer, response = f"{where}/{key}", responses[key]
        while "$ref" in response:
            pointer = response["$ref"]
            response = self.resolve(pointer)
        return pointer, response

    def validator(self, schema_pointer):
        if schema_pointer not in self._validators:
            # The whole document is the root, so "#/components/..." references resolve; its
            # OpenAPI keys are no JSON Schema keywords and are ignored.
            root = dict(self.strict)
            root["$ref"] = schema_pointer
            self._validators[schema_pointer] = jsonschema.Draft202012Validator(root)
        return self._validators[schema_pointer]

    def schema_place(self, schema_pointer, schema_path):
        """The spec pointer of the schema keyword a validation error names. The validator's
        path leaves out the $refs it followed: a key the node lacks is looked up in its $ref's
        target."""
        pointer = schema_pointer
        node = self.resolve(pointer, self.strict)
        for key in schema_path:
            while isinstance(node, dict) and key not in node and "$ref" in node:
                pointer = node["$ref"]
                node = self.resolve(pointer, self.strict)
            try:
                node = node[key] if isinstance(node, dict) else node[int(key)]
            except (KeyError, IndexError, ValueError, TypeError):
                return pointer + "/" + "/".join(pointer_escape(k) for k in schema_path) + " (?)"
            pointer += "/" + pointer_escape(key)
        return pointer


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name.lower())


def exchange(host, port, raw, timeout=20):
    """Sends raw request bytes, reads one answer (Content-Length bodies; the connection is asked
    to close)."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(raw)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status_line = lines[0].split(" ", 2)
        if len(status_line) < 2 or not status_line[1].isdigit():
            raise ValueError(f"no HTTP status line in the answer: {lines[0]!r}")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), value.strip())
        status = int(status_line[1])
        is_head = raw.split(b" ", 1)[0] == b"HEAD"
        if "transfer-encoding" in headers:
            raise ValueError(f"a chunked answer ({headers['transfer-encoding']}); expected a length")
        if is_head or status in (204, 304):
            return Answer(status, headers, b"")
        length = int(headers["content-length"]) if "content-length" in headers else None
        while length is None or len(body) < length:  # without a length: until the server closes
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
        return Answer(status, headers, body if length is None else body[:length])


class Checker:
    def __init__(self, base, spec, credentials):
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.spec = spec
        self.auth = ("Basic " + base64.b64encode(credentials.encode()).decode()) if credentials else None
        self.failures = []
        self.validated = set()  # (method, spec path or "other", status)
        self.requests = 0

    def request(self, method, target, headers=None, authorized=True):
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}",
                 "Connection: close"]
        if authorized and self.auth:
            lines.append(f"Authorization: {self.auth}")
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        self.requests += 1
        return exchange(self.host, self.port, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def fail(self, what, message):
        self.failures.append(f"{what}: {message}")
        print(f"FAIL {what}: {message}", flush=True)

    def check(self, method, target, headers=None, authorized=True, expect=None, raw=None,
              label=None):
        """Makes the request and checks its answer against the spec; returns the answer."""
        path = urllib.parse.urlsplit(target).path if target is not None else None
        if path is not None and len(path) > 1:
            path = path.rstrip("/") or "/"
        what = label or f"{method} {target if len(target or '') < 120 else target[:100] + '...'}"
        try:
            answer = (exchange(self.host, self.port, raw) if raw is not None
                      else self.request(method, target, headers, authorized))
        except (OSError, ValueError) as e:
            self.fail(what, f"no answer ({e})")
            return None
        what = f"{what} -> {answer.status}"
        if expect is not None and answer.status not in (expect if isinstance(expect, tuple) else (expect,)):
            self.fail(what, f"expected status {expect}")
        where, responses = self.spec.responses_for(method, path)
        found = self.spec.response(where, responses, answer.status)
        if found is None:
            self.fail(what, f"status {answer.status} is not documented at {where}")
            return answer
        pointer, response = found
        ok = self._check_headers(what, pointer, response, answer)
        if method == "HEAD":
            if answer.body:
                self.fail(what, f"a HEAD answer with a body ({len(answer.body)} bytes)")
                ok = False
        else:
            ok = self._check_body(what, pointer, response, answer) and ok
        if ok:
            template = self.spec.template_of(path) if path is not None else None
            operation = template if template and method.lower() in self.spec.doc["paths"][template] else "other"
            self.validated.add((method, operation, answer.status))
        return answer

    def _check_headers(self, what, pointer, response, answer):
        ok = True
        for name, header in response.get("headers", {}).items():
            while "$ref" in header:
                header = self.spec.resolve(header["$ref"])
            if header.get("required") and answer.header(name) is None:
                self.fail(what, f"no {name} header, which {pointer}/headers/{name} requires")
                ok = False
        return ok

    def _check_body(self, what, pointer, response, answer):
        content = response.get("content")
        if not content:
            if answer.body:
                self.fail(what, f"a body of {len(answer.body)} bytes where {pointer} has no content")
                return False
            return True
        content_type = answer.header("content-type") or ""
        media = content_type.split(";")[0].strip()
        key = content_type if content_type in content else (media if media in content else None)
        if key is None:
            self.fail(what, f"Content-Type {content_type!r} is none of {sorted(content)} ({pointer}/content)")
            return False
        schema_pointer = f"{pointer}/content/{pointer_escape(key)}/schema"
        if media != "application/json":
            try:
                answer.body.decode("utf-8")
            except UnicodeDecodeError as e:
                self.fail(what, f"the {media} body is not UTF-8 ({e})")
                return False
            return True
        try:
            body = json.loads(answer.body)
        except ValueError as e:
            self.fail(what, f"the body is not JSON ({e}): {answer.body[:200]!r}")
            return False
        errors = sorted(self.spec.validator(schema_pointer).iter_errors(body),
                        key=lambda e: list(e.absolute_path))
        for error in errors[:8]:
            where_in_body = "/" + "/".join(pointer_escape(p) for p in error.absolute_path)
            place = self.spec.schema_place(schema_pointer, error.absolute_schema_path)
            detail = error.message if len(error.message) < 300 else error.message[:300] + "..."
            if error.context:  # oneOf/anyOf: the closest branch's reasons
                best = jsonschema.exceptions.best_match(error.context)
                detail += f"; closest: {best.message[:200]} at /" + "/".join(
                    pointer_escape(p) for p in best.absolute_path)
            self.fail(what, f"body {where_in_body}: {detail} [schema {place}]")
        if len(errors) > 8:
            self.fail(what, f"... and {len(errors) - 8} more schema errors")
        return not errors

    def get_json(self, target):
        answer = self.request("GET", target)
        if answer.status != 200:
            return None
        return json.loads(answer.body)


def wait_for_collections(checker, seconds):
    """Until every collector that runs has collected twice, so rates and percentages are
    values, not the first collection's nulls. Reading /api/v1/all wakes those that idle while
    nobody reads them."""
    deadline = time.monotonic() + seconds
    waiting = None
    while time.monotonic() < deadline:
        checker.request("GET", "/api/v1/all")
        listing = checker.get_json("/api/v1/collectors")
        if listing is not None:
            waiting = [c["name"] for c in listing["collectors"]
                       if c["state"] != "unsupported" and c["runs_total"] < 2]
            if not waiting:
                return
        time.sleep(0.3)
    sys.exit(f"FAIL: collectors {waiting} did not collect twice within {seconds} s")


def concrete_paths(checker, own_marker):
    """Each spec path with its parameters filled from the list answers. The pid is the service's
    own (found by a marker in its command line: other tests' processes, other sysmetrics among
    them, come and go beside this one), and /children asks its parent, or else the oldest
    process that has children."""
    processes = checker.get_json("/api/v1/processes") or {"processes": []}
    rows = processes["processes"]
    own = [p["pid"] for p in rows if own_marker and own_marker in (p.get("cmdline") or "")]
    if not own:
        own = [p["pid"] for p in rows if p["name"].lower().startswith("sysmetrics")]
    pid = own[0] if own else (rows[0]["pid"] if rows else 1)
    by_pid = {p["pid"]: p for p in rows}
    parents = sorted({p["ppid"] for p in rows if p["ppid"] in by_pid and p["ppid"] != p["pid"]
                      and p["create_time"] >= by_pid[p["ppid"]]["create_time"]},
                     key=lambda ppid: by_pid[ppid]["create_time"])
    ours = by_pid.get(pid, {}).get("ppid")
    parent = ours if ours in parents else (parents[0] if parents else pid)
    services = checker.get_json("/api/v1/services")
    service = services["services"][0]["name"] if services and services["services"] else "NoSuchService"
    paths = []
    for template in checker.spec.doc["paths"]:
        values = {"pid": parent if template.endswith("/children") else pid, "name": service}
        paths.append(re.sub(r"\{([^}]+)\}",
                            lambda m: urllib.parse.quote(str(values[m.group(1)]), safe=""), template))
    return paths, pid


def run(checker, platform, own_marker):
    spec = checker.spec
    paths, pid = concrete_paths(checker, own_marker)
    api_auth = checker.auth is not None

    # Every path: GET, then HEAD (GET's status and Content-Type, no body), then conditionally.
    for path in paths:
        got = checker.check("GET", path)
        head = checker.check("HEAD", path)
        if got and head:
            if head.status != got.status:
                checker.fail(f"HEAD {path}", f"status {head.status}, GET answered {got.status}")
            elif head.header("content-type") != got.header("content-type"):
                checker.fail(f"HEAD {path}", f"Content-Type {head.header('content-type')!r}, GET "
                             f"answered {got.header('content-type')!r}")
        if got and got.status == 200 and got.header("etag"):
            checker.check("GET", path, {"If-None-Match": got.header("etag")}, expect=(200, 304))
            checker.check("GET", path, {"If-None-Match": "*"}, expect=304)
            checker.check("HEAD", path, {"If-None-Match": "*"}, expect=304)
        # OPTIONS: a plain one and a CORS preflight, both before credentials.
        checker.check("OPTIONS", path, authorized=False, expect=204)
        checker.check("OPTIONS", path, {"Origin": "http://dashboard.test",
                                        "Access-Control-Request-Method": "GET"},
                      authorized=False, expect=204)
        if api_auth and path != "/healthz":
            checker.check("GET", path, authorized=False, expect=401)
            checker.check("HEAD", path, authorized=False, expect=401)

    # Queries that narrow, sort and pick; a section whose collector the host does not support
    # (the pagefile under Wine) answers them 404.
    listing = checker.get_json("/api/v1/collectors") or {"collectors": []}
    unsupported = {c["name"] for c in listing["collectors"] if c["state"] == "unsupported"}
    for target in ["/api/v1/processes?sort=cpu_percent&limit=5",
                   "/api/v1/processes?fields=pid,name,cpu_percent&sort=working_set_bytes&order=asc",
                   f"/api/v1/processes?pid={pid}", f"/api/v1/processes?ppid={pid}&name=.",
                   "/api/v1/processes?sort=io_bytes_per_second&limit=3&offset=1",
                   f"/api/v1/processes?pid={pid},1&owner=nobody,root",
                   "/api/v1/connections?state=ESTABLISHED,LISTEN&offset=1&fields=proto,state",
                   "/api/v1/connections?sort=local_port&order=desc&limit=5",
                   "/api/v1/network/interfaces?type=loopback,ethernet&fields=name,type",
                   "/api/v1/network/interfaces?offset=1&limit=1",
                   "/api/v1/disks?fields=volume,used_percent&sort=used_percent",
                   f"/api/v1/processes/{pid}/children?limit=2&fields=pid",
                   "/api/v1/pagefile?offset=0&limit=1&fields=file,used_bytes",
                   "/api/v1/physical_disks?sort=disk&limit=2",
                   "/api/v1/connections?proto=tcp&state=listen&limit=10",
                   "/api/v1/connections?family=4&proto=udp",
                   f"/api/v1/processes/{pid}/connections?proto=tcp",
                   "/api/v1/services?state=running&start_type=auto",
                   "/api/v1/history?series=cpu.busy_percent,network.interfaces.bytes_sent_per_second"
                   "&after=-60&points=10",
                   "/api/v1/history?series=memory.used_percent&series=disks.read_bytes_per_second"
                   "&after=-30&before=0",
                   "/metrics?collect[]=cpu&collect[]=memory", "/api/v1/system/"]:
        section = target.split("?")[0].split("/")[3] if target.startswith("/api/v1/") else ""
        absent = section in unsupported or (section == "services" and platform != "windows")
        checker.check("GET", target, expect=404 if absent else 200)
    checker.check("GET", "/metrics", {"Accept": "application/openmetrics-text;version=1.0.0,"
                                                "text/plain;version=0.0.4;q=0.5"}, expect=200)

    # Bad parameters: 400 naming them.
    for target in ["/api/v1/processes?sort=bogus", "/api/v1/processes?limit=0",
                   "/api/v1/processes?fields=nope", "/api/v1/processes?bogus=1",
                   "/api/v1/processes?pid=x", "/api/v1/processes?name=(",
                   "/api/v1/processes?order=up", "/api/v1/processes?pid=1,,2",
                   "/api/v1/processes?sort=cpu", "/api/v1/processes?user=root",
                   "/api/v1/processes?offset=-1", "/api/v1/connections?state=OPEN",
                   "/api/v1/network/interfaces?offset=x", "/api/v1/network/interfaces?type=772",
                   "/api/v1/disks?volume=/", "/api/v1/disks?fields=used_ratio",
                   "/api/v1/pagefile?bogus=1", "/api/v1/physical_disks?fields=nope",
                   "/api/v1/processes/abc", f"/api/v1/processes/{pid}?x=1",
                   f"/api/v1/processes/{pid}/threads?x=1",
                   f"/api/v1/processes/{pid}/connections?pid=1",
                   "/api/v1/connections?proto=sctp", "/api/v1/connections?family=5",
                   "/api/v1/connections?local_port=70000", "/api/v1/connections?limit=0",
                   "/api/v1/services?state=bogus", "/api/v1/services?start_type=sometimes",
                   "/api/v1/services?nope=1",
                   "/api/v1/history?series=no.such.series", "/api/v1/history?after=soon&series=cpu.busy_percent",
                   "/api/v1/history?points=10", "/api/v1/history?points=10001&series=cpu.busy_percent",
                   "/api/v1/history?after=0&before=-10&series=cpu.busy_percent",
                   "/api/v1/history?bogus=1", "/metrics?collect[]=no_such_collector"]:
        checker.check("GET", target, expect=400)
        checker.check("HEAD", target, expect=400)

    # Not found: no endpoint, no such process or service.
    for target in ["/api/v1/nope", "/nope", "/api/v2/system", f"/api/v1/processes/{pid}/nope",
                   "/api/v1/services/a/b"]:
        checker.check("GET", target, expect=404)
        checker.check("HEAD", target, expect=404)
    checker.check("OPTIONS", "/api/v1/nope", expect=404)
    for target in ["/api/v1/processes/4294967295", "/api/v1/processes/4294967295/threads",
                   "/api/v1/processes/4294967295/children", "/api/v1/services/NoSuchService"]:
        checker.check("GET", target, expect=404)

    # Other methods: a JSON 405 at once, with Allow.
    for method in ["POST", "PUT", "PATCH", "DELETE", "TRACE"]:
        for target in ["/api/v1/system", "/metrics", "/healthz", f"/api/v1/processes/{pid}"]:
            answer = checker.check(method, target, expect=405)
            if answer and answer.status == 405 and answer.header("allow") != "GET, HEAD, OPTIONS":
                checker.fail(f"{method} {target}", f"Allow is {answer.header('allow')!r}")
    if api_auth:  # credentials are checked before the method
        checker.check("POST", "/api/v1/system", authorized=False, expect=401)

    # The transport's answers: a URI over 8 KiB, a malformed Range, not HTTP, a head over 32 KiB.
    long_query = "/api/v1/processes?name=" + "a" * 9000
    checker.check("GET", long_query, expect=414)
    checker.check("HEAD", long_query, expect=414)
    checker.check("OPTIONS", long_query, expect=414)
    for path in ["/api/v1/system", "/metrics", "/api/v1/processes"]:
        checker.check("GET", path, {"Range": "bytes=9-1"}, expect=416)
    checker.check("GET", "/api/v1/system", {"Range": "bytes=0-10"}, expect=200)  # ignored
    checker.check("HEAD", "/api/v1/system", {"Range": "bytes=9-1"}, expect=416)
    checker.check("OPTIONS", "/api/v1/system", {"Range": "bytes=9-1"}, expect=416)
    checker.check(None, None, raw=b"GARBAGE\r\n\r\n", expect=400, label="GARBAGE (not HTTP)")
    checker.check(None, None, raw=b"BREW /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                  expect=400, label="BREW /metrics (no HTTP method)")
    big_head = (b"GET /api/v1/system HTTP/1.1\r\nHost: x\r\n"
                + b"".join(b"X-Filler-%d: %s\r\n" % (i, b"f" * 4000) for i in range(9)) + b"\r\n")
    checker.check(None, None, raw=big_head, expect=431, label="GET /api/v1/system with a 36 KiB head")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("base", help="the service's base URL, e.g. http://127.0.0.1:9185")
    ap.add_argument("--spec", default=DEFAULT_SPEC)
    ap.add_argument("--user", help="basic-auth user when the API needs credentials")
    ap.add_argument("--password", default="")
    ap.add_argument("--platform", choices=["linux", "windows"], required=True)
    ap.add_argument("--wait", type=float, default=120, help="seconds to wait for two collections")
    ap.add_argument("--own", default="", help="a text in the service's own command line")
    args = ap.parse_args()
    checker = Checker(args.base.rstrip("/"), Spec(args.spec),
                      f"{args.user}:{args.password}" if args.user else None)
    wait_for_collections(checker, args.wait)
    run(checker, args.platform, args.own)
    combos = sorted(checker.validated, key=lambda c: (c[1], c[0] or "", c[2]))
    operations = {(m, p) for m, p, _ in combos if p != "other"}
    print(f"validated {len(combos)} method/path/status combinations ({len(operations)} operations "
          f"of {sum(len([k for k in v if k in ('get', 'head', 'options')]) for v in checker.spec.doc['paths'].values())} "
          f"in the spec) in {checker.requests} requests")
    for method, path, status in combos:
        print(f"  {method or 'RAW'} {path} {status}")
    missing = [(m, p) for p, item in checker.spec.doc["paths"].items()
               for m in ("GET", "HEAD", "OPTIONS") if m.lower() in item and (m, p) not in operations]
    for method, path in missing:
        checker.fail(f"{method} {path}", "no answer of this operation was validated")
    if checker.failures:
        print(f"FAIL: {len(checker.failures)} failures", file=sys.stderr)
        sys.exit(1)
    print("openapi check: ok")


if __name__ == "__main__":
    main()

"""Shared by dockaudit's script tests: TAP output, running the binary,
validating reports against reports/report.schema.json, and the expect-file
assertions of data cases (see docs/HACKING.md)."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys

TOP = os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__), "..", ".."))
DOCKAUDIT = os.environ.get("DOCKAUDIT", os.path.join(TOP, "dockaudit"))
BENCHDIR = os.path.join(TOP, "benchmarks")


class Tap:
    """Collects test points and prints a TAP stream (plan first)."""

    def __init__(self):
        self.points = []

    def ok(self, cond, name, diag=None):
        self.points.append((bool(cond), name, diag))
        return bool(cond)

    def skip(self, name, why):
        self.points.append((True, "%s # SKIP %s" % (name, why), None))

    def done(self):
        sys.stdout.write("1..%d\n" % len(self.points))
        for i, (good, name, diag) in enumerate(self.points, 1):
            sys.stdout.write("%s %d - %s\n" % ("ok" if good else "not ok", i, name))
            if not good and diag:
                for line in str(diag).splitlines():
                    sys.stdout.write("# %s\n" % line)
        sys.stdout.flush()
        return 0


def expand(text, quote=False, **extra):
    """$BENCHDIR, $TOP and $CASE in case files; with quote, each value
    quoted for a shell command line (the checkout may lie in a path with
    spaces)."""
    vals = {"BENCHDIR": BENCHDIR, "TOP": TOP}
    vals.update(extra)
    for k, v in vals.items():
        text = text.replace("$" + k, shlex.quote(v) if quote else v)
    return text


def run(args, timeout=60, env=None):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    if env:
        e.update(env)
    p = subprocess.run([DOCKAUDIT] + args, capture_output=True, text=True,
                       timeout=timeout, env=e, errors="replace")
    return p.returncode, p.stdout, p.stderr


_schema = None


def schema_errors(report):
    """Messages for every way report departs from report.schema.json."""
    global _schema
    import jsonschema
    if _schema is None:
        with open(os.path.join(TOP, "reports", "report.schema.json")) as f:
            _schema = json.load(f)
    v = jsonschema.Draft202012Validator(_schema, format_checker=jsonschema.FormatChecker())
    return ["%s: %s" % ("/".join(str(p) for p in e.absolute_path), e.message)
            for e in v.iter_errors(report)]


def pointer(doc, ptr):
    """RFC 6901 lookup; raises KeyError when absent."""
    if ptr == "":
        return doc
    for tok in ptr.lstrip("/").split("/"):
        tok = tok.replace("~1", "/").replace("~0", "~")
        if isinstance(doc, list):
            doc = doc[int(tok)]
        elif isinstance(doc, dict):
            doc = doc[tok]
        else:
            raise KeyError(tok)
    return doc


def result_of(report, rule):
    for r in report.get("results", []):
        if r["id"] == rule:
            return r
    return None


def check_line(line, report, rc, stderr):
    """One expect line. Returns (ok, description, diagnostic)."""
    words = line.split(None, 2)
    if words[0] == "exit":
        return rc == int(words[1]), line, "exit status was %d; stderr: %s" % (rc, stderr.strip())
    if words[0] == "stderr":
        m = re.search(line.split(None, 1)[1], stderr)
        return m is not None, line, "stderr was: %s" % stderr.strip()
    if words[0] == "stderr-lines":
        n = len(stderr.splitlines())
        return n == int(words[1]), line, "stderr had %d lines: %s" % (n, stderr)
    if words[0] == "summary":
        ptr, op, want = re.match(r"(\S+)\s+(=|~)\s+(.*)", line.split(None, 1)[1]).groups()
        got = pointer(report["summary"], ptr)
        return got == json.loads(want), line, "got %r" % (got,)
    rule = words[0]
    res = result_of(report, rule)
    if res is None:
        return False, line, "rule %s is not in the report" % rule
    rest = line.split(None, 1)[1]
    if rest.startswith("@"):
        # "RULE @NAME STATUS" or "RULE @NAME POINTER OP VALUE": one target row.
        # A name with spaces (joined engines: "podman caps") is quoted.
        if rest.startswith('@"'):
            name, rest = rest[2:].split('"', 1)
            rest = rest.strip()
        else:
            name, rest = (rest[1:].split(None, 1) + [""])[:2]
        rows = [t for t in res.get("targets", []) if t.get("name") == name]
        if len(rows) != 1:
            return False, line, "%d rows named %s in %s" % (len(rows), name, [t.get("name") for t in res.get("targets", [])])
        if re.match(r"^\w+$", rest.strip()):
            return rows[0]["status"] == rest.strip(), line, "row %s is %s (%s)" % (name, rows[0]["status"], rows[0].get("reason"))
        res = rows[0]
    if rest.startswith("status "):
        want = rest.split()[1]
        return res["status"] == want, line, "status was %s (reason: %s)" % (res["status"], res.get("reason"))
    m = re.match(r"(\S+)\s+(=|~|!~)\s+(.*)$", rest)
    if not m:
        raise ValueError("bad expect line: " + line)
    ptr, op, want = m.groups()
    if ptr == "reason":
        ptr = "/reason"
    try:
        got = pointer(res, ptr)
    except (KeyError, IndexError, ValueError):
        return False, line, "%s is absent from result %s: %s" % (ptr, rule, json.dumps(res)[:1500])
    if op == "=":
        return got == json.loads(want), line, "got %s" % json.dumps(got)
    text = got if isinstance(got, str) else json.dumps(got)
    found = want in text
    return (found if op == "~" else not found), line, "got %s" % json.dumps(got)


def read_case(path):
    """args and expect lines of a case directory: its expect file, whose
    first line is "args ARGUMENTS" (shell words, $BENCHDIR, $TOP and $CASE
    expanded)."""
    where = os.path.join(path, "expect")
    with open(where) as f:
        lines = [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
    if not lines or not lines[0].startswith("args "):
        raise ValueError("%s: the first line is not 'args ARGUMENTS'" % where)
    args = [expand(a, CASE=path) for a in shlex.split(lines[0][5:])]
    return args, lines[1:]


def run_case(path, bench_override=None, out_json=None):
    """Run a case; returns (rc, report or None, stderr, args)."""
    args, _ = read_case(path)
    if bench_override is not None:
        args[args.index("-b") + 1] = bench_override
    fixture = os.path.join(path, "fixture")
    if os.path.isdir(fixture) and "--root" not in args:
        args = ["--fixture", fixture] + args
    out = out_json or os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                   "dockaudit-case-%d.json" % os.getpid())
    if os.path.exists(out):
        os.unlink(out)
    rc, stdout, stderr = run(args + ["-q", "-o", out])
    report = None
    if os.path.exists(out):
        with open(out) as f:
            report = json.load(f)
        os.unlink(out)
    return rc, report, stderr, args


def fixture_file(fixture, name):
    """fixture/name, else the same file of the first of its bases
    (fixture/base, fixture/base/base, ...) that holds it; None when none
    does. It does not read meta's absent=1: for a file the fixture is
    known to show."""
    while os.path.isdir(fixture):
        if os.path.exists(os.path.join(fixture, name)):
            return os.path.join(fixture, name)
        fixture = os.path.join(fixture, "base")
    return None


def whole_fixture(src, dst):
    """Write fixture src out whole in dst (a new folder): its bases' files
    under its own, as --fixture reads them (dockaudit(1), TEST FIXTURES):
    a folder's file replaces a base's (an answer's .json with its .status),
    its "PATH absent=1" removes what the bases hold, its meta line for a
    path replaces a base's and a bare "PATH" undoes it; links (to an api/
    folder, to a file) are copied as what they name. For a test that
    changes a recorded host in place: the copy has no base to write
    through."""
    layers = []
    while os.path.isdir(src):
        layers.append(src)
        src = os.path.join(src, "base")
    os.makedirs(dst)
    meta = {}
    for layer in reversed(layers):
        lines = []
        if os.path.isfile(os.path.join(layer, "meta")):
            with open(os.path.join(layer, "meta")) as f:
                lines = [l.split() for l in f if l.strip()]
        for words in lines:
            if words[1:] == ["absent=1"]:
                gone = os.path.join(dst, ("root" + words[0]) if words[0].startswith("/") else words[0])
                if os.path.isdir(gone) and not os.path.islink(gone):
                    shutil.rmtree(gone)
                elif os.path.lexists(gone):
                    os.unlink(gone)
                meta = {k: v for k, v in meta.items() if k != words[0] and not k.startswith(words[0] + "/")}
        for d, dirs, files in os.walk(layer, followlinks=True):
            if d == layer:
                dirs[:] = [x for x in dirs if x != "base"]
            rel = os.path.relpath(d, layer)
            os.makedirs(os.path.join(dst, rel), exist_ok=True)
            for name in files:
                if d == layer and name in ("meta", "base"):
                    continue
                to = os.path.join(dst, rel, name)
                if (name.endswith(".json") and os.path.lexists(to[:-5] + ".status") and
                        not os.path.exists(os.path.join(d, name[:-5] + ".status"))):
                    os.unlink(to[:-5] + ".status")      # a base's status, not this answer's
                if os.path.lexists(to):
                    os.unlink(to)
                shutil.copyfile(os.path.join(d, name), to)
        for words in lines:
            if words[1:] == ["absent=1"]:
                continue
            if len(words) == 1:
                meta.pop(words[0], None)
            else:
                meta[words[0]] = " ".join(words)
    if meta:
        with open(os.path.join(dst, "meta"), "w") as f:
            f.write("".join(line + "\n" for line in meta.values()))


HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_LABEL = "</script><script>alert(2)</script>"


def nodaemon_fixture(path, listening=()):
    """A recorded host with no Docker API answers (-H decides, and an -H
    that nothing serves is unreachable) and a /proc/net/unix of its own:
    the unix sockets listening are only those named, whatever listens on
    the machine that runs the test (a Docker host has /run/docker.sock)."""
    net = os.path.join(path, "root", "proc", "net")
    os.makedirs(net)
    os.makedirs(os.path.join(path, "root", "etc"))
    open(os.path.join(path, "root", "etc", ".keep"), "w").close()
    with open(os.path.join(net, "unix"), "w") as f:
        f.write("Num       RefCount Protocol Flags    Type St Inode Path\n")
        for i, sock in enumerate(listening):
            f.write("0000000000000000: 00000002 00000000 00010000 0001 01 %d %s\n" % (40000 + i, sock))
    return path


def hostile_fixture(path, n=4, evil=True):
    """A recorded host with n running containers; with evil, the first has
    a name, labels, an image tag and a user made of markup, control
    characters and a very long string."""
    import hashlib
    api = os.path.join(path, "api", "containers")
    os.makedirs(api)
    os.makedirs(os.path.join(path, "root", "etc", "docker"))
    open(os.path.join(path, "root", "etc", "docker", ".keep"), "w").close()
    lst = []
    for i in range(n):
        hostile = evil and i == 0
        name = HOSTILE_NAME if hostile else "c%03d" % i
        labels = ({"note": HOSTILE_LABEL, "ctl": "a\u001b[31mred\u0007", "long": "x" * 10000}
                  if hostile else {"app": "web"})
        image = "evil\u001b]0;title\u0007:<b>1</b>" if hostile else "img:1"
        cid = hashlib.sha256(name.encode()).hexdigest()
        doc = {"Id": cid, "Name": "/" + name, "Image": "sha256:" + "b" * 64,
               "Config": {"User": ("root\u001b[2J" if hostile else "root") if i % 2 == 0 else "app",
                          "Image": image, "Labels": labels},
               "HostConfig": {"Memory": 0 if i % 3 == 0 else 67108864}, "State": {"Running": True, "Pid": 0}}
        os.makedirs(os.path.join(api, cid))
        with open(os.path.join(api, cid, "json.json"), "w") as f:
            json.dump(doc, f)
        lst.append({"Id": cid, "Names": ["/" + name], "Image": image, "Labels": labels, "State": "running"})
    with open(os.path.join(api, "json.json"), "w") as f:
        json.dump(lst, f)
    with open(os.path.join(path, "api", "info.json"), "w") as f:
        json.dump({"ID": "X", "Name": "host\u001b[31m<i>"}, f)
    with open(os.path.join(path, "api", "version.json"), "w") as f:
        json.dump({"Version": "20.10.24", "ApiVersion": "1.41"}, f)


def copy_for_nobody(*paths):
    """A new directory under /tmp (0755) holding copies of paths (files or
    directories, readable by all), for runs as an unprivileged user such as
    nobody, who may not traverse the checkout (a clone under /root, 0700).
    Returns the directory and the paths of the copies, in order; the
    caller removes the directory (shutil.rmtree)."""
    import shutil
    import tempfile
    d = tempfile.mkdtemp(prefix="dockaudit-nobody-", dir="/tmp")
    os.chmod(d, 0o755)
    copies = []
    for p in paths:
        c = os.path.join(d, os.path.basename(p.rstrip("/")))
        if os.path.isdir(p):
            shutil.copytree(p, c, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(p, c)
        for root, dirs, files in os.walk(c):
            os.chmod(root, 0o755)
            for f in files:
                f = os.path.join(root, f)
                os.chmod(f, 0o755 if os.stat(f).st_mode & 0o100 else 0o644)
        if not os.path.isdir(c):
            os.chmod(c, 0o755 if os.stat(c).st_mode & 0o100 else 0o644)
        copies.append(c)
    return d, copies


# The engine's notation, which no reason may show a reader (the evidence
# holds it): dockaudit-benchmark(5), "Messages".
NOTATION = [
    ("the word \"expected\"", re.compile(r"\bexpected\b", re.I)),
    ("an operator name", re.compile(
        r"(?<![\w-])(not-in|not-contains|intersects|disjoint|subset-of|not-match|"
        r"contains-match|not-contains-match|not-under|not-empty|eq|ne|lt|le|gt|ge)(?![\w-])")),
    ("a JSON pointer", re.compile(r"#/|(?<![\w.:-])/[A-Z][A-Za-z]*\b")),
    ("a regular expression", re.compile(r"\^|\\[.dswb$()\[\]]|\(\?|\|\)|\(\||\[\^|\.\*|\$\)")),
]


def notation(text, data=()):
    """The first piece of engine notation in text, as (kind, piece), or
    None. A piece that is part of one of data (names and values the host
    itself holds, such as a container named "le") is not notation."""
    for kind, rx in NOTATION:
        for m in rx.finditer(text):
            piece = m.group(0)
            if any(piece in d for d in data):
                continue
            return kind, piece
    return None


def reason_notation(report, data=()):
    """Every reason of a report (rules and rows) that shows notation:
    a list of "id [row]: kind \"piece\" in: reason"."""
    bad = []
    for r in report.get("results", []):
        rows = [(None, r)] + [(t.get("name"), t) for t in r.get("targets") or []]
        for name, x in rows:
            why = x.get("reason")
            if not isinstance(why, str):
                continue
            hit = notation(why, tuple(data) + ((name,) if name else ()))
            if hit:
                bad.append("%s%s: %s \"%s\" in: %s" % (r.get("id"), " [%s]" % name if name else "",
                                                      hit[0], hit[1], why))
    return bad


def consumers():
    """The directory where scripts/consumers.sh installed the consumers of
    our reports (sarif-multitool, hdf-converters), and None with the reason
    when it could not: the caller fails its points, naming the reason."""
    path = os.environ.get("DOCKAUDIT_CONSUMERS")
    if not path:
        p = subprocess.run([os.path.join(TOP, "scripts", "consumers.sh")], capture_output=True, text=True,
                           timeout=600)
        if p.returncode != 0:
            return None, p.stderr.strip() or "scripts/consumers.sh failed"
        path = p.stdout.strip()
    if not os.path.isdir(os.path.join(path, "node_modules")):
        return None, "%s has no node_modules (run scripts/consumers.sh)" % path
    return path, None


def sarif_multitool(consumers_dir):
    return os.path.join(consumers_dir, "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool")

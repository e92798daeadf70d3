"""Builders of container image archives for the image tests: layer tars,
configs, docker-archive tars (plain, gzip, zstd; Docker's ID/layer.tar
links), OCI layouts by hand, as directories and as tars."""

import gzip
import hashlib
import io
import json
import os
import subprocess
import tarfile


def sha(b):
    return hashlib.sha256(b).hexdigest()


def layer(entries, fmt=tarfile.GNU_FORMAT):
    """A layer tar from (name, kind, data-or-target, mode, uid, gid)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=fmt) as t:
        for e in entries:
            name, kind = e[0], e[1]
            data = e[2] if len(e) > 2 else b""
            ti = tarfile.TarInfo(name)
            ti.mode = e[3] if len(e) > 3 else (0o755 if kind == "dir" else 0o644)
            ti.uid = e[4] if len(e) > 4 else 0
            ti.gid = e[5] if len(e) > 5 else 0
            ti.mtime = 0
            if kind == "dir":
                ti.type = tarfile.DIRTYPE
                t.addfile(ti)
            elif kind == "sym":
                ti.type, ti.linkname = tarfile.SYMTYPE, data
                t.addfile(ti)
            elif kind == "hard":
                ti.type, ti.linkname = tarfile.LNKTYPE, data
                t.addfile(ti)
            else:
                if isinstance(data, str):
                    data = data.encode()
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
    return out.getvalue()


def config_of(layers, user="app", history=None, extra=None):
    c = {"architecture": "amd64", "os": "linux",
         "config": {"User": user, "Env": ["PATH=/usr/bin:/bin", "APP=1"],
                    "Healthcheck": {"Test": ["CMD", "/bin/true"]}},
         "rootfs": {"type": "layers", "diff_ids": ["sha256:" + sha(l) for l in layers]},
         "history": history if history is not None else
         [{"created_by": "layer %d" % (i + 1)} for i in range(len(layers))]}
    if extra:
        c.update(extra)
    return json.dumps(c).encode()


def tar_of(members, path, compress=None):
    """An outer tar of (name, bytes) or (name, 'sym', target)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as t:
        for m in members:
            ti = tarfile.TarInfo(m[0])
            ti.mtime = 0
            if len(m) == 3:
                ti.type, ti.linkname = tarfile.SYMTYPE, m[2]
                t.addfile(ti)
            else:
                ti.size = len(m[1])
                t.addfile(ti, io.BytesIO(m[1]))
    data = out.getvalue()
    if compress == "gzip":
        data = gzip.compress(data)
    elif compress == "zstd":
        data = subprocess.run(["zstd", "-q", "-c"], input=data, capture_output=True,
                              check=True).stdout
    with open(path, "wb") as f:
        f.write(data)
    return path


def docker_archive(path, layers, config=None, compress=None, legacy=False, tags=("test:latest",)):
    """docker save's layout: layers first, then the config, manifest.json last."""
    config = config if config is not None else config_of(layers)
    members, names = [], []
    for l in layers:
        if legacy:
            # Docker 25's: blobs/sha256/HEX and ID/layer.tar a link to it.
            members.append(("blobs/sha256/" + sha(l), l))
            lid = sha(b"id" + l)
            members.append((lid + "/layer.tar", "sym", "../blobs/sha256/" + sha(l)))
            names.append(lid + "/layer.tar")
        else:
            members.append((sha(l) + ".tar", l))
            names.append(sha(l) + ".tar")
    members.append(("VERSION", b"1.0"))
    members.append((sha(config) + ".json", config))
    manifest = [{"Config": sha(config) + ".json", "RepoTags": list(tags), "Layers": names}]
    members.append(("manifest.json", json.dumps(manifest).encode()))
    members.append(("repositories", json.dumps({"test": {"latest": "x"}}).encode()))
    return tar_of(members, path, compress)


def zstd(b):
    return subprocess.run(["zstd", "-q", "-c"], input=b, capture_output=True, check=True).stdout


def oci_dir(path, layers, compressions, config=None):
    """An OCI layout by hand; each layer stored as compressions[i] says."""
    config = config if config is not None else config_of(layers)
    os.makedirs(os.path.join(path, "blobs", "sha256"))
    descs = []

    def put(b):
        with open(os.path.join(path, "blobs", "sha256", sha(b)), "wb") as f:
            f.write(b)
        return {"digest": "sha256:" + sha(b), "size": len(b)}

    for l, c in zip(layers, compressions):
        stored = gzip.compress(l) if c == "gzip" else zstd(l) if c == "zstd" else l
        d = put(stored)
        d["mediaType"] = "application/vnd.oci.image.layer.v1.tar" + (
            "+gzip" if c == "gzip" else "+zstd" if c == "zstd" else "")
        descs.append(d)
    cd = put(config)
    cd["mediaType"] = "application/vnd.oci.image.config.v1+json"
    m = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "config": cd, "layers": descs}).encode()
    md = put(m)
    md["mediaType"] = "application/vnd.oci.image.manifest.v1+json"
    with open(os.path.join(path, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [md]}, f)
    with open(os.path.join(path, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion": "1.0.0"}')
    return path


def dir_to_tar(d, path, compress=None):
    members = []
    for root, _, files in os.walk(d):
        for fn in sorted(files):
            full = os.path.join(root, fn)
            with open(full, "rb") as f:
                members.append((os.path.relpath(full, d), f.read()))
    return tar_of(members, path, compress)


def weak_image(path, tag="weak:1"):
    """A small docker-archive that fails 4.1 (no USER), 4.6 (no health
    check), 4.8 (a setuid file) and 4.9 (an ADD step), for the tests of
    the formats and their consumers."""
    layers = [layer([("etc", "dir"), ("etc/passwd", "file", "root:x:0:0:root:/root:/bin/sh\n"),
                     ("bin", "dir"), ("bin/sh", "file", b"\x7fELF", 0o755)]),
              layer([("usr", "dir"), ("usr/local", "dir"), ("usr/local/bin", "dir"),
                     ("usr/local/bin/helper", "file", b"x", 0o4755)])]
    history = [{"created_by": "/bin/sh -c #(nop) ADD file:0123 in / "},
               {"created_by": "/bin/sh -c #(nop) ADD https://example.com/helper /usr/local/bin/ "}]
    cfg = json.loads(config_of(layers, user="", history=history))
    del cfg["config"]["Healthcheck"]
    return docker_archive(path, layers, json.dumps(cfg).encode(), tags=(tag,))

#!/usr/bin/env python3
"""Known-item search corpus from text on this machine that nobody wrote for KMT (bench/README.md, "Search quality").

Documents: Debian's AppStream components (the apt lists' DEP-11 Components file: English summary and
long description of each application) and the installed packages (/var/lib/dpkg/status: short and long
description), each with the head of the README files the package installs under /usr/share/doc.
Query: the short description (summary); document: the long description plus that documentation; title:
the package name. One JSON object per line: {"id", "title", "query", "body"}. Deterministic order.
"""
import glob, gzip, json, os, re, sys

import yaml

MAX_DOCS = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
DOC_CHARS = 1500
out_path = sys.argv[1]


def readme_text(package):
    texts = []
    for path in sorted(glob.glob(f"/usr/share/doc/{package}/README*")):
        try:
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rt", errors="replace") as f:
                texts.append(f.read(DOC_CHARS))
        except OSError:
            pass
    return "\n".join(texts)[:DOC_CHARS]


def html_to_text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


docs = {}

# Installed packages: long descriptions from dpkg's status file.
with open("/var/lib/dpkg/status", errors="replace") as f:
    for record in f.read().split("\n\n"):
        package = re.search(r"^Package: (.+)$", record, re.M)
        description = re.search(r"^Description: (.*)\n((?: .*\n?)*)", record, re.M)
        if not package or not description:
            continue
        long_text = "\n".join(line[1:] if line[1:] != "." else "" for line in description.group(2).splitlines())
        if len(long_text.split()) < 8:
            continue
        docs[package.group(1)] = (description.group(1).strip(), long_text.strip())

# AppStream components of the archive.
for path in sorted(glob.glob("/var/lib/apt/lists/*dep11_Components-amd64.yml.gz")):
    with gzip.open(path, "rt", errors="replace") as f:
        for component in yaml.safe_load_all(f):
            if not isinstance(component, dict) or "Package" not in component:
                continue
            summary = (component.get("Summary") or {}).get("C")
            description = (component.get("Description") or {}).get("C")
            package = component["Package"]
            if not summary or not description or package in docs:
                continue
            text = html_to_text(description)
            if len(text.split()) < 8:
                continue
            docs[package] = (summary.strip(), text)

seen_queries = set()
count = 0
with open(out_path, "w") as out:
    for package in sorted(docs):
        query, body = docs[package]
        # A query shared by several documents has no single known item.
        if query.lower() in seen_queries:
            continue
        seen_queries.add(query.lower())
        readme = readme_text(package)
        out.write(json.dumps({"id": package, "title": package, "query": query, "body": body + ("\n\n" + readme if readme else "")}) + "\n")
        count += 1
        if count >= MAX_DOCS:
            break
print(f"{count} documents written to {out_path}", file=sys.stderr)

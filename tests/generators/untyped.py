"""Counts members of a generated client whose type says nothing: the C# (Kiota) and TypeScript
(openapi-typescript) spellings of "any JSON". Prints each one found and the totals.

Counted: C# properties and parameters typed UntypedNode or object; TypeScript members typed unknown,
unknown[] or Record<string, never>. Not counted: index signatures ([key: string]: unknown), which are
typed JSON objects whose keys are the caller's own (metadata, vendor passthrough), and openapi-typescript's
fixed `headers: { [name: string]: unknown }` on every response."""
import pathlib
import re
import sys

CSHARP = re.compile(r"\bpublic\s+(?:UntypedNode|object)\??\s+\w+\s*\{|\((?:[^()]*,\s*)?(?:UntypedNode|object)\??\s+\w+")
TYPESCRIPT = re.compile(r"^\s*\"?[\w.$-]+\"?\??:\s*(unknown(\[\])?|Record<string, never>)\s*;")


def scan(root, pattern, suffix):
    """One hit per file and member: Kiota writes each member twice (nullable and not, under #if)."""
    hits = {}
    for path in sorted(pathlib.Path(root).rglob("*" + suffix)):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if match := pattern.search(line):
                member = re.sub(r"\?|\s+", "", match.group(0)) if suffix == ".cs" else number
                hits.setdefault((path, member), f"{path.relative_to(root)}:{number}: {line.strip()}")
    return list(hits.values())


csharp = scan(sys.argv[1], CSHARP, ".cs")
typescript = scan(sys.argv[2], TYPESCRIPT, ".ts")
for hit in csharp + typescript:
    print("  untyped:", hit)
print(f"untyped members: C# {len(csharp)}, TypeScript {len(typescript)}")
sys.exit(1 if csharp or typescript else 0)

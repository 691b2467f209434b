"""Fill a krew manifest template: version, and uri/sha256 of each built platform (read from stdin
as lines "plugin/os/arch sha256 uri"); platforms without an archive are dropped."""
import sys

import yaml

template, version = sys.argv[1], sys.argv[2]
built = {}
for line in sys.stdin:
    key, sha, uri = line.split()
    _, os_, arch = key.split("/")
    built[(os_, arch)] = (sha, uri)


def block_strings(dumper, value):
    """Multi-line text as a `|` block, as in the template, not one quoted line of \\n escapes."""
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


yaml.SafeDumper.add_representer(str, block_strings)
doc = yaml.safe_load(open(template))
doc["spec"]["version"] = version
platforms = []
for p in doc["spec"]["platforms"]:
    labels = p["selector"]["matchLabels"]
    if (labels["os"], labels["arch"]) in built:
        p["sha256"], p["uri"] = built[(labels["os"], labels["arch"])]
        platforms.append(p)
if not platforms:
    sys.exit("dist: no platform was built")
doc["spec"]["platforms"] = platforms
yaml.safe_dump(doc, sys.stdout, sort_keys=False, width=80)

#!/bin/sh
# Seeds fuzz/corpus/<target>/ from samples/ (the corpus is generated, not committed).
#   parse_any:    every samples/<platform>/<slug>/*.txt, prefixed with two bytes: the platform
#                 (0 nxos, 1 iosxe, 2 iosxr) and the command's index in Command::all()
#                 (the order of TABLE in parsers/src/command.rs); fleet outputs with 3 (auto).
#   prompt_strip: every sample text as is.
#   inventory:    inventory.example.toml (byte 0 = TOML) and a CSV + defaults (byte 1 = CSV).
set -eu
cd "$(dirname "$0")"
root=..
slugs=$(awk '/^const TABLE/,/^};/' "$root/parsers/src/command.rs" | grep -oE '"show_[^"]*"' | tr -d '"')
index_of() {
    printf '%s\n' "$slugs" | awk -v s="$1" '$0 == s { print NR - 1; exit }'
}
byte() {
    printf "\\$(printf '%03o' "$1")"
}
mkdir -p corpus/parse_any corpus/prompt_strip corpus/inventory
n=0
for dir in "$root"/samples/nxos/* "$root"/samples/iosxe/* "$root"/samples/iosxr/*; do
    platform=$(basename "$(dirname "$dir")")
    case $platform in nxos) p=0 ;; iosxe) p=1 ;; iosxr) p=2 ;; esac
    c=$(index_of "$(basename "$dir")")
    [ -n "$c" ] || { echo "unknown slug: $dir" >&2; exit 1; }
    for f in "$dir"/*.txt; do
        n=$((n + 1))
        { byte "$p"; byte "$c"; cat "$f"; } > "corpus/parse_any/$platform-$(basename "$dir")-$(basename "$f")"
        cp "$f" "corpus/prompt_strip/$platform-$(basename "$dir")-$(basename "$f")"
    done
done
for f in "$root"/samples/fleet/*/*.txt; do
    slug=$(basename "$f" .txt)
    c=$(index_of "$slug")
    [ -n "$c" ] || continue
    dev=$(basename "$(dirname "$f")")
    n=$((n + 1))
    { byte 3; byte "$c"; cat "$f"; } > "corpus/parse_any/fleet-$dev-$slug.txt"
    cp "$f" "corpus/prompt_strip/fleet-$dev-$slug.txt"
done
{ byte 0; cat "$root/inventory.example.toml"; } > corpus/inventory/example.toml
{
    byte 1
    printf 'name,host,port,platform,group\nr1,192.0.2.1,,,\n# a comment\nr2, 192.0.2.2 ,2200,nxos,dc\nr3,192.0.2.3,,auto,dc\n'
    byte 0
    printf '[defaults]\nusername = "u"\npassword_env = "PW"\n\n[[group]]\nname = "dc"\nkey_file = "/home/ops/.ssh/id_rsa"\n'
} > corpus/inventory/fleet-csv
echo "seeded $n sample outputs into corpus/parse_any and corpus/prompt_strip, 2 inventories"

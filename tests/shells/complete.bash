#!/usr/bin/env bash
# Complete a command line in a real bash with the generated script, as readline would on TAB, and
# print the candidates (COMPREPLY), one per line.
#   bash complete.bash COMPLETION_SCRIPT 'kubectl-mesh-ca status -o '
set -u
source "$1"
line=$2
read -r -a COMP_WORDS <<< "$line"
[[ $line == *' ' ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE=$line
COMP_POINT=${#line}
spec=$(complete -p "${COMP_WORDS[0]}") || { echo "no completion registered for ${COMP_WORDS[0]}" >&2; exit 1; }
fn=$(sed -n 's/.* -F \([^ ]*\) .*/\1/p' <<< "$spec")
prev=""
(( COMP_CWORD > 0 )) && prev=${COMP_WORDS[COMP_CWORD-1]}
"$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "$prev"
printf '%s\n' "${COMPREPLY[@]}"

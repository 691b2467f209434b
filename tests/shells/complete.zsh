#!/usr/bin/env zsh -f
# Complete a command line in a real, interactive zsh, as a user pressing TAB would, and print the
# words of the list zsh shows (list-choices), one per line.
#   zsh -f complete.zsh COMPLETION_SCRIPT 'kubectl-mesh-ca status -o '
# The interactive shell runs in a pseudo-terminal (zsh/zpty).
script=$1 line=$2
zmodload zsh/zpty || { print -u2 "zsh/zpty is missing"; exit 2 }
zpty z zsh -f -i
zpty -w z "PS1='' RPS1='' PS2=''; unsetopt zle_bracketed_paste 2>/dev/null; autoload -U compinit && compinit -u -D && source ${(q)script}"
zpty -w z 'zstyle ":completion:*" verbose no; zstyle ":completion:*" list-grouped false; zstyle ":completion:*" format ""
bindkey "^I" list-choices; LISTMAX=0
__ready() { [[ -n $__said ]] || { __said=1; print -r -- READY:"LINE" } }
zle -N zle-line-init __ready'
# Type only once the line editor is reading: typeahead that arrives earlier is echoed by the
# terminal and the TAB never reaches completion.
while zpty -r z out; do [[ $out == *READY:LINE* ]] && break; done
zpty -w -n z "$line"$'\t'$'\C-u'"print -r -- END:\"LIST\""$'\n'
integer waited=0
seen=
while (( waited < 200 )); do
  if zpty -r -t z out; then
    seen+=$out
    [[ $seen == *END:LIST* ]] && break
  else
    sleep 0.05; (( waited++ ))
  fi
done
[[ $seen == *END:LIST* ]] || { print -u2 "zsh did not finish completing: $line"; exit 1 }
# What zsh drew below the typed line (after it clears the rest of the screen, before it moves the
# cursor back up): the listing. Strip what is left of escapes and keep its words.
setopt extendedglob
rest=${seen#*"$line"[$'\r\n ']#$'\e[J'}
listing=${rest%%$'\e[A'*}
listing=${listing//$'\e'\[[0-9;?]#[a-zA-Z]/}
listing=${listing//$'\r'/}
for w in ${=listing}; do print -r -- $w; done

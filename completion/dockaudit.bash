# bash completion for dockaudit(1)
_dockaudit()
{
	local cur prev words cword
	_init_completion 2>/dev/null || {
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
	}
	# Each command takes only its own options: offer those its --help lists.
	local cmd=
	case ${COMP_WORDS[1]} in
	attest|audit|diff|fix|list|merge|render|validate|verify) cmd=${COMP_WORDS[1]} ;;
	esac
	case $prev in
	-b|--benchmark|--values|--waivers|--attestations|--controls)
		COMPREPLY=($(compgen -f -X '!*.xml' -- "$cur") $(compgen -d -- "$cur"))
		return ;;
	--baseline)
		COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur"))
		return ;;
	-o|--output|--fixture|--sign|--signers)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--root|--history)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	-f|--format)
		COMPREPLY=($(compgen -W "$(dockaudit --help 2>/dev/null |
		    sed -n '/^Formats:/,$p' | awk 'NR > 1 { print $1 }')" -- "$cur"))
		return ;;
	-l|--level)
		COMPREPLY=($(compgen -W "1 2" -- "$cur"))
		return ;;
	--fail-on)
		COMPREPLY=($(compgen -W "low medium high critical new" -- "$cur"))
		return ;;
	--by|--because|--expires|--every|--target)
		return ;;
	-c|--check|-x|--exclude|-H|--host|--container|--exclude-container|--label|--timeout|--connect-timeout|--fail-under|--keep|--max-age|--tag|--host-id)
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(dockaudit $cmd --help 2>/dev/null |
		    grep -oE -- '--[a-z-]+|-[a-zA-Z]\b' | sort -u)" -- "$cur"))
		return
	fi
	if [[ $COMP_CWORD -eq 1 ]]; then
		COMPREPLY=($(compgen -W "attest audit diff fix list merge render validate verify" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _dockaudit dockaudit

#!/usr/bin/env bash
# Keeps the translation catalogues in step with the code.
#
#   scripts/check_messages.sh check    (default; `make messages-check`) fails when
#       makemessages would change a committed catalogue (anything but the
#       POT-Creation-Date header), or when a catalogue of a language that must
#       be complete has untranslated or fuzzy entries; then compiles them.
#       The catalogues are left exactly as they were.
#   scripts/check_messages.sh update   (`make messages`) regenerates the catalogues
#       from the code and compiles them: run it, translate, commit.
#
# Both use the same makemessages options, so `update` produces what `check`
# expects. Source locations are left out (--no-location): they change whenever
# a line moves and would make every commit touch the catalogues.
#
# Environment: VENV_PYTHON (.venv/bin/python), MESSAGES_LOCALES ("id ja en"),
# MESSAGES_COMPLETE_LOCALES ("id ja": English is the source language, so its
# catalogue may stay untranslated).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${VENV_PYTHON:-.venv/bin/python}
read -r -a LOCALES <<<"${MESSAGES_LOCALES:-id ja en}"
read -r -a COMPLETE_LOCALES <<<"${MESSAGES_COMPLETE_LOCALES:-id ja}"
# makemessages already skips dot-directories such as .venv and .git.
IGNORE=(--ignore=var --ignore=staticfiles --ignore=node_modules --ignore=bench-results --ignore=media)
# msgfmt's statistics must be in English to be parsed.
export LC_ALL=C.UTF-8 LANGUAGE=

say() { printf 'messages: %s\n' "$*"; }

need_gettext() {
    local tool
    for tool in msgfmt msgmerge xgettext msgattrib; do
        command -v "$tool" >/dev/null || {
            say "ERROR: $tool not found; install GNU gettext (scripts/services.sh gettext)" >&2
            exit 1
        }
    done
}

# Every catalogue of the project and its apps, one path a line, sorted.
catalogues() {
    find . -mindepth 1 \( -name '.*' -o -name node_modules -o -name staticfiles -o -name var \) -prune -o \
        -type f -path '*/locale/*/LC_MESSAGES/*.po' -print | sed 's|^\./||' | LC_ALL=C sort
}

makemessages() {
    local locale_args=() locale
    for locale in "${LOCALES[@]}"; do locale_args+=(-l "$locale"); done
    "$PYTHON" manage.py makemessages "${locale_args[@]}" --no-location --no-obsolete "${IGNORE[@]}" -v 0
    # JavaScript catalogues only once the project has one, so that none is
    # created for a code base without translated scripts.
    if catalogues | grep -q '/djangojs\.po$'; then
        "$PYTHON" manage.py makemessages -d djangojs "${locale_args[@]}" --no-location --no-obsolete \
            "${IGNORE[@]}" -v 0
    fi
}

compilemessages() {
    "$PYTHON" manage.py compilemessages --ignore='.*' --ignore=node_modules -v 0
}

# The header line that makemessages rewrites on every run.
normalise() { grep -v '^"POT-Creation-Date: ' "$1" || true; }

# Fails when makemessages changes, adds or removes a catalogue.
check_up_to_date() {
    local snapshot before after file status=0
    snapshot=$(mktemp -d)
    # shellcheck disable=SC2064  # expand now: the trap must remove this snapshot
    trap "rm -rf '$snapshot'" EXIT
    before=$(catalogues)
    for file in $before; do
        mkdir -p "$snapshot/$(dirname "$file")"
        cp -p "$file" "$snapshot/$file"
    done

    makemessages
    after=$(catalogues)

    for file in $after; do
        if [ ! -e "$snapshot/$file" ]; then
            say "new catalogue $file: run 'make messages', translate it and commit it"
            status=1
        elif ! diff -u --label "$file (committed)" --label "$file (from the code)" \
            <(normalise "$snapshot/$file") <(normalise "$file"); then
            status=1
        fi
    done
    for file in $before; do
        [ -e "$file" ] || { say "catalogue $file disappeared"; status=1; }
    done

    # Put everything back as it was: a check must not leave the tree dirty.
    for file in $after; do
        [ -e "$snapshot/$file" ] || rm -f "$file"
    done
    for file in $before; do
        mkdir -p "$(dirname "$file")"
        cp -p "$snapshot/$file" "$file"
    done

    if [ "$status" -ne 0 ]; then
        say "FAIL: the catalogues are stale; run 'make messages', translate, and commit locale/"
    fi
    return "$status"
}

# Fails when a catalogue that must be complete has untranslated or fuzzy entries.
check_complete() {
    local locale file stats fuzzy untranslated status=0
    for locale in "${COMPLETE_LOCALES[@]}"; do
        for file in $(catalogues | grep -E "(^|/)locale/$locale/LC_MESSAGES/" || true); do
            if ! stats=$(msgfmt --check-format --statistics -o /dev/null "$file" 2>&1); then
                say "FAIL: $file does not compile:"
                printf '%s\n' "$stats"
                status=1
                continue
            fi
            fuzzy=$(grep -o '[0-9]* fuzzy' <<<"$stats" | cut -d' ' -f1 || true)
            untranslated=$(grep -o '[0-9]* untranslated' <<<"$stats" | cut -d' ' -f1 || true)
            if [ "${fuzzy:-0}" -gt 0 ] || [ "${untranslated:-0}" -gt 0 ]; then
                say "FAIL: $file: $stats"
                # The header entry is printed too; msgfmt's counts above exclude it.
                [ "${untranslated:-0}" -gt 0 ] && msgattrib --untranslated --no-obsolete --no-wrap "$file"
                [ "${fuzzy:-0}" -gt 0 ] && msgattrib --only-fuzzy --no-obsolete --no-wrap "$file"
                status=1
            else
                say "$file: $stats"
            fi
        done
    done
    return "$status"
}

main() {
    need_gettext
    case "${1:-check}" in
        check)
            local status=0
            check_up_to_date || status=1
            check_complete || status=1
            compilemessages || status=1
            [ "$status" -eq 0 ] && say "catalogues are up to date, complete and compile"
            return "$status"
            ;;
        update)
            makemessages
            compilemessages
            catalogues | sed 's/^/messages: updated /'
            ;;
        *)
            sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
            return 2
            ;;
    esac
}

main "$@"

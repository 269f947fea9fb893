# shellcheck shell=bash
# Sourced by the scripts beside it: timed steps, and certificates uv trusts as pip does.

# step WHAT COMMAND [ARG...]: say what runs, run it, and end the line with how long it
# took. The command's own output is shown only when it fails, below the line.
step() {
    local what=$1 started log status=0
    shift
    started=$(now_in_ms)
    log=$(mktemp)
    printf '==> %s ... ' "$what"
    "$@" >"$log" 2>&1 || status=$?
    if ((status == 0)); then
        printf '%s\n' "$(seconds_since "$started")"
    else
        printf 'failed after %s (exit %d):\n' "$(seconds_since "$started")" "$status"
        cat "$log"
    fi
    rm -f "$log"
    return "$status"
}

now_in_ms() {
    local microseconds=${EPOCHREALTIME//[!0-9]/}  # whatever the locale's decimal point
    echo $((microseconds / 1000))
}

# seconds_since START_MS: "4.2 s"
seconds_since() {
    local tenths=$((($(now_in_ms) - $1) / 100))
    echo "$((tenths / 10)).$((tenths % 10)) s"
}

# pip reads the system's certificate store; uv by default trusts only the roots it was
# built with, so behind a proxy that re-signs TLS pip works and uv fails with "invalid
# peer certificate: UnknownIssuer". Unless SSL_CERT_FILE or SSL_CERT_DIR names the
# certificates (uv reads both) or uv was told already, have uv read the system store
# too. uv 0.13.9 calls this UV_SYSTEM_CERTS and warns about the older name,
# UV_NATIVE_TLS, unless both are set; older releases read only UV_NATIVE_TLS.
uv_trusts_the_system_store() {
    if [[ -z ${SSL_CERT_FILE:-}${SSL_CERT_DIR:-}${UV_SYSTEM_CERTS:-}${UV_NATIVE_TLS:-} ]]; then
        export UV_SYSTEM_CERTS=1 UV_NATIVE_TLS=1
    fi
}

# Sourced by .ci/run (and usable by hand: `bash .ci/install-test-deps.sh`). Installs, only when
# missing, the system and npm packages that some tests need. Each block names its tests.
# Nothing here is needed to build the library or run the course.
_apt_updated=0
_apt_install() {
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
    echo "install-test-deps: cannot apt-get install $* (not root or no apt); the tests that need it will say so" >&2
    return 0
  fi
  if [ $_apt_updated -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
    _apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
# Notebook schema validation (tests/RnnCourse.Runner.Tests: NbformatValidationTests): every notebook the
# runner writes is checked with the reference validator, Debian's python3-nbformat, run by /usr/bin/python3.
if ! /usr/bin/python3 -c "import nbformat" >/dev/null 2>&1; then
  _apt_install python3 python3-nbformat ||
    echo "install-test-deps: python3-nbformat not installed; the notebook schema tests fail under CI=true" >&2
fi
true

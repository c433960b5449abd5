# Sourced by .ci/run (and usable by hand: `bash .ci/install-test-deps.sh`). Installs, only when
# missing, the system and npm packages that some tests need. Each block names its tests.
# Only npm (below) is also needed to build: the runner's build installs plotly.js and KaTeX with it.
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
# Charts: headless Chromium draws every course chart in the browser tests (tests/RnnCourse.Tests/Charts,
# tests/RnnCourse.Runner.Tests/Rendering) and the static chart images `rnncourse run` writes.
# fonts-dejavu-core gives the SVG text a font. plotly.js and KaTeX come from npm: the runner's build
# runs `npm ci` in lib/web/, so npm must be there before the build.
if ! command -v chromium >/dev/null 2>&1; then
  _apt_install chromium fonts-dejavu-core || echo "install-test-deps: chromium install failed; the browser test will fail under CI=true" >&2
fi
if ! command -v npm >/dev/null 2>&1; then
  _apt_install npm || echo "install-test-deps: npm install failed; the runner's build (npm ci in lib/web/) will fail" >&2
fi
# Jupyter (tests/RnnCourse.Course.Tests/Jupyter/JupyterTests.cs): `dotnet-interactive jupyter install` needs the
# `jupyter` command (jupyter-client) to install its kernelspec, and the test runs a notebook with Jupyter's
# own client, Debian's python3-nbclient, under /usr/bin/python3.
if ! /usr/bin/python3 -c "import nbclient" >/dev/null 2>&1 || ! command -v jupyter-kernelspec >/dev/null 2>&1; then
  _apt_install python3 python3-nbclient jupyter-client ||
    echo "install-test-deps: python3-nbclient/jupyter-client not installed; the Jupyter test fails under CI=true" >&2
fi
# Notebook schema validation (tests/RnnCourse.Runner.Tests: NbformatValidationTests): every notebook the
# runner writes is checked with the reference validator, Debian's python3-nbformat, run by /usr/bin/python3.
if ! /usr/bin/python3 -c "import nbformat" >/dev/null 2>&1; then
  _apt_install python3 python3-nbformat ||
    echo "install-test-deps: python3-nbformat not installed; the notebook schema tests fail under CI=true" >&2
fi
# PyTorch round trip (tests/RnnCourse.Tests/Interop/PyTorchRoundTripTests.cs): a model saved by C# as
# safetensors is loaded by Debian's python3-torch through /usr/bin/python3 and must give the same logits.
# The same package regenerates the committed fixtures (tests/scripts/make_pytorch_fixtures.py).
if ! /usr/bin/python3 -c "import torch" >/dev/null 2>&1; then
  _apt_install python3 python3-torch ||
    echo "install-test-deps: python3-torch not installed; the PyTorch round-trip test fails under CI=true" >&2
fi
# OS sandbox of the grader (tests/RnnCourse.Grading.Tests: OsSandboxTests, HostileCorpusTests): every
# grading worker runs under bubblewrap; without it `rnncourse grade` warns and the sandbox tests fail
# under CI=true.
if ! command -v bwrap >/dev/null 2>&1; then
  _apt_install bubblewrap ||
    echo "install-test-deps: bubblewrap not installed; the grader's OS sandbox tests fail under CI=true" >&2
fi
true

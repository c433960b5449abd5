"""Runs one notebook through Jupyter's own client (nbclient) with an installed kernelspec.

Usage: /usr/bin/python3 run_nbclient.py NOTEBOOK KERNEL_NAME OUTPUT_NOTEBOOK [TIMEOUT_SECONDS]

Runs every code cell in the notebook's folder (so relative #r paths resolve, and `dotnet interactive`
finds the repository's local tool manifest), going on after a failing cell as Run All does.
Writes the executed notebook to OUTPUT_NOTEBOOK and prints one line per code cell that produced an
error output, then a summary line `cells=N outputs=N errors=N`. Exit code: 0 without errors, 1 with errors,
2 when the kernel could not be started or the arguments are wrong.
"""

import os
import sys

import nbformat
from nbclient import NotebookClient


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    notebook, kernel_name, output = argv[1], argv[2], argv[3]
    timeout = int(argv[4]) if len(argv) == 5 else 600
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=kernel_name,
        timeout=timeout,
        startup_timeout=120,
        allow_errors=True,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(notebook))}},
    )
    try:
        client.execute()
    except Exception as e:  # the kernel did not start or died: one line naming what failed
        print(f"kernel {kernel_name!r} failed: {type(e).__name__}: {e}".splitlines()[0])
        return 2
    finally:
        nbformat.write(nb, output)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    errors = 0
    for i, cell in enumerate(cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors += 1
                print(f"cell {i}: {out.get('ename')}: {out.get('evalue', '')}".splitlines()[0])
    outputs = sum(len(c.get("outputs", [])) for c in cells)
    print(f"cells={len(cells)} outputs={outputs} errors={errors}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

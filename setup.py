"""Optional compiled BM25 kernel (retrieval/index/_kernel.c).

Everything else is configured in pyproject.toml.  The extension is optional: when no
C compiler is present (or compiling fails for any reason) the install still succeeds
and the engine uses its numpy path.  BM25_NO_KERNEL=1 skips compiling on purpose.
"""

from __future__ import annotations

import os
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """build_ext that warns instead of failing: the kernel is a speed-up, not a need."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler, missing headers, ...
            self._skipped(exc)

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:
            self._skipped(exc)

    @staticmethod
    def _skipped(exc: BaseException) -> None:
        print(f"warning: compiled BM25 kernel not built ({exc}); using the numpy path",
              file=sys.stderr)


# -ffp-contract=off: no fused multiply-add, so every rounding matches numpy's.
ext_modules = [] if os.environ.get("BM25_NO_KERNEL") else [
    Extension(
        "retrieval.index._kernel",
        sources=["retrieval/index/_kernel.c"],
        extra_compile_args=["-O3", "-ffp-contract=off", "-fno-fast-math", "-std=c99"],
        optional=True,
    )
]

setup(ext_modules=ext_modules, cmdclass={"build_ext": OptionalBuildExt})

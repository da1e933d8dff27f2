"""Run one format's extractor in a child process with a time-out and a memory cap.

PDF, DOCX, HTML and image libraries parse untrusted bytes in C and Python code that
offers no time-outs of its own. The child gets the bytes on stdin, caps its address
space and CPU time (resource.setrlimit) before importing anything, and writes one JSON
object to stdout; the parent kills it at Limits.timeout_s. The child's environment has
no secrets (no bot token): only what Python needs to start.

    python -m retrieval.corpus.formats.isolate FORMAT LIMITS_JSON < file
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import json
import math
import os
import subprocess
import sys
from pathlib import Path

from retrieval.corpus.formats.base import (
    ExtractedText,
    ExtractError,
    Limits,
    TransientExtractError,
)

# format -> (module, function) run in the child
EXTRACTORS = {
    "pdf": ("retrieval.corpus.formats.pdf", "extract"),
    "docx": ("retrieval.corpus.formats.docx", "extract"),
    "html": ("retrieval.corpus.formats.html", "extract"),
    "image": ("retrieval.corpus.formats.ocr", "extract_image"),
}
_PACKAGE_ROOT = Path(__file__).resolve().parents[3]  # the folder holding retrieval/
_KEPT_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "SYSTEMROOT",
             "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def run(fmt: str, data: bytes, limits: Limits) -> ExtractedText:
    """Extract in a child process; ExtractError with the child's reason, or a time-out."""
    timeout = time_limit(fmt, limits)
    command = [sys.executable, "-m", __name__, fmt, json.dumps(dataclasses.asdict(limits))]
    try:
        done = subprocess.run(command, input=data, capture_output=True, env=_child_env(),
                              timeout=timeout, cwd=_PACKAGE_ROOT, check=False)
    except subprocess.TimeoutExpired:
        raise TransientExtractError(f"解析超过 {timeout:g} 秒，已放弃 "
                                    f"(extraction took over {timeout:g} s)") from None
    except OSError as exc:
        raise TransientExtractError(f"无法启动解析进程 (cannot start extractor: {exc})") from None
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        answer = None
    if not isinstance(answer, dict):
        if done.returncode < 0:  # killed: CPU limit (SIGXCPU/SIGKILL) or a crash
            raise TransientExtractError("解析进程被终止：文件过于复杂或已损坏 "
                                        f"(extractor killed by signal {-done.returncode})")
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise TransientExtractError(f"解析进程出错 (extractor failed: {' '.join(detail)[:200]})")
    if answer.get("ok"):
        return ExtractedText.from_json(answer.get("result"))
    error = TransientExtractError if answer.get("transient") else ExtractError
    raise error(str(answer.get("reason") or "文件无法解析 (cannot parse)"))


def time_limit(fmt: str, limits: Limits) -> float:
    """OCR is slow: images, and PDFs that may be scans, get the OCR time limit."""
    if fmt == "image" or (fmt == "pdf" and importlib.util.find_spec("rapidocr_onnxruntime")):
        return max(limits.timeout_s, limits.ocr_timeout_s)
    return limits.timeout_s


def _child_env() -> dict[str, str]:
    env = {key: os.environ[key] for key in _KEPT_ENV if key in os.environ}
    env["PYTHONPATH"] = os.pathsep.join([str(_PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _limit_resources(limits: Limits) -> None:
    import resource

    if limits.memory_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    cpu = math.ceil(max(limits.timeout_s, limits.ocr_timeout_s)) + 5  # should the parent die
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def child_main(argv: list[str]) -> int:
    fmt, raw_limits = argv
    limits = Limits(**json.loads(raw_limits))
    _limit_resources(limits)
    data = sys.stdin.buffer.read()
    answer: dict[str, object]
    try:
        module, function = EXTRACTORS[fmt]
        result = getattr(importlib.import_module(module), function)(data, limits)
        answer = {"ok": True, "result": result.to_json()}
    except ExtractError as exc:
        answer = {"ok": False, "reason": str(exc)}
    except MemoryError:
        answer = {"ok": False, "transient": True,
                  "reason": "解析时内存超限 (out of memory while extracting)"}
    except ImportError as exc:  # the library is missing, or the memory cap left no room for it
        answer = {"ok": False, "transient": True,
                  "reason": f"解析组件无法加载 (extractor could not load: {exc.name or exc})"}
    except OSError as exc:  # the child reads only stdin: dlopen or mmap refused under the cap
        answer = {"ok": False, "transient": True,
                  "reason": f"解析组件无法加载或内存不足 (extractor could not load: "
                            f"{exc.strerror or type(exc).__name__})"}
    except RecursionError:
        answer = {"ok": False, "reason": "文件结构嵌套过深 (structure nested too deeply)"}
    except Exception as exc:  # a library's own error on a malformed file  # noqa: BLE001
        answer = {"ok": False, "reason": f"文件无法解析 (cannot parse: {type(exc).__name__})"}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))

"""What an engine process does before it reads any query (Linux only):

- ``forbid_network()``: a seccomp filter under which ``socket()`` fails with EPERM for every
  address family but ``AF_UNIX`` (and io_uring, which could open sockets another way, is
  refused), for every thread of the process, now and later. A SERVICE clause, however it is
  spelled, then fails inside the engine before any packet leaves;
- ``die_with_parent(pid)``: the kernel kills the process when the front dies, even by
  SIGKILL.
"""

from __future__ import annotations

import ctypes
import os
import platform
import signal
import struct
import sys

from narcokg.errors import NarcokgError

PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC = 1, 1
RET_ALLOW, RET_EPERM = 0x7FFF0000, 0x00050000 | 1
LD_W_ABS, JEQ, JGE, RET = 0x20, 0x15, 0x35, 0x06
AF_UNIX = 1
# machine -> (audit arch, socket nr, io_uring_setup nr, x32 syscall bit, seccomp nr)
ARCHES = {"x86_64": (0xC000003E, 41, 425, 0x40000000, 317),
          "aarch64": (0xC00000B7, 198, 425, None, 277)}


class SandboxError(NarcokgError):
    """The engine could not shut itself off from the network: it will not run queries."""


def _op(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def filter_program(machine: str) -> bytes:
    """The BPF program: a foreign ABI, x32 calls and io_uring are refused; ``socket(d, ...)``
    is allowed only for ``d == AF_UNIX``; every other call is allowed."""
    arch, sock, uring, x32, _ = ARCHES[machine]
    ops = [_op(LD_W_ABS, 0, 0, 4), _op(JEQ, 1, 0, arch), _op(RET, 0, 0, RET_EPERM),
           _op(LD_W_ABS, 0, 0, 0)]
    if x32 is not None:
        ops += [_op(JGE, 0, 1, x32), _op(RET, 0, 0, RET_EPERM)]
    ops += [_op(JEQ, 0, 1, uring), _op(RET, 0, 0, RET_EPERM),
            _op(JEQ, 1, 0, sock), _op(RET, 0, 0, RET_ALLOW),
            _op(LD_W_ABS, 0, 0, 16), _op(JEQ, 0, 1, AF_UNIX), _op(RET, 0, 0, RET_ALLOW),
            _op(RET, 0, 0, RET_EPERM)]
    return b"".join(ops)


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def forbid_network() -> None:
    machine = platform.machine()
    if not sys.platform.startswith("linux") or machine not in ARCHES:
        raise SandboxError(f"serve runs its query engine without network access, which needs "
                           f"Linux on x86-64 or arm64 (this is {sys.platform} {machine})")
    libc = ctypes.CDLL(None, use_errno=True)
    code = filter_program(machine)
    buffer = ctypes.create_string_buffer(code, len(code))
    program = _Program(len(code) // 8, ctypes.addressof(buffer))
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or libc.syscall(
            ARCHES[machine][4], SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC,
            ctypes.byref(program)) != 0:
        raise SandboxError("the query engine could not shut itself off from the network: "
                           f"{os.strerror(ctypes.get_errno())}")


def die_with_parent(parent: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the front died before the line above
        os._exit(1)

# Kernels started by the test suite and tools/execute_notebooks.py read this
# profile (IPYTHONDIR points here). TensorFlow's C++ layer writes log lines
# straight to file descriptor 2 at import, on some runs and not others; with
# fd capture off they go to the kernel's own stderr instead of into whichever
# notebook cell happens to be running, so committed outputs stay stable.
c = get_config()  # noqa: F821
c.IPKernelApp.capture_fd_output = False
# Figures are outputs: the inline backend in every kernel that reads this
# profile, so a notebook run by nbval shows the same figure outputs as the
# committed one (MPLBACKEND=Agg in the environment would show none).
c.IPKernelApp.matplotlib = "inline"

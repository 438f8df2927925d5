# Kernels started by the test suite and tools/execute_notebooks.py read this
# profile (IPYTHONDIR points here). TensorFlow's C++ layer writes log lines
# straight to file descriptor 2 at import, on some runs and not others; with
# fd capture off they go to the kernel's own stderr instead of into whichever
# notebook cell happens to be running, so committed outputs stay stable.
c = get_config()  # noqa: F821
c.IPKernelApp.capture_fd_output = False

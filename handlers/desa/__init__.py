"""Village officials' commands, one module per command (/desa, /laporan, /ceksyarat, and the
``perangkat`` package for /perangkat); ``_common`` holds what /laporan and /ceksyarat share."""

"""/perangkat, the village apparatus, one module per thing the official does: ``daftar`` (the
list, a member's detail, status, removal), ``tambah`` (adding one), ``impor`` (a spreadsheet),
``ubah`` (corrections); ``_common`` holds what they share."""

"""Scale-out: all cores of one machine (local.py) and a Ray cluster
(ray_runner.py, an optional extra: the core never imports Ray)."""

"""Scales: Mettler Toledo 8217 and MT-SICS codecs, one polling serial driver for both, a fake, and their
settings models (:mod:`.settings`, importable without pyserial).

Deliberately imports nothing, so that importing ``drivers.scale.settings`` stays light.
"""

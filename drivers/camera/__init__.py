"""Camera barcode scanner: OpenCV capture, zxing-cpp and pyzbar decoding, multi-frame confirmation.

Import the driver from :mod:`drivers.camera.camera_scanner`; this package imports nothing, so the config
loader can read :mod:`drivers.camera.settings` without loading OpenCV.
"""

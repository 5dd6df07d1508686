"""Exhibitions: feedback on exhibits at kiosks and by QR code, live on the lab's screen."""

"""Reusable kiosk widgets: themed buttons and labels, the modal-looking overlay, the prompt panel, the keypad."""

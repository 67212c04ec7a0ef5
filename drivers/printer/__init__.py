"""Receipt printer drivers: ESC/POS over serial, USB-COM, USB or the network (python-escpos builds the job
bytes; status and completion are decoded here), and an in-process fake. Imports nothing of the app."""

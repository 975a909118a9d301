#!/usr/bin/python3
"""A virtual social security card (社保卡) for the vsmartcard virtual reader (vpcd) under pcscd.

The card runs vsmartcard's own ISO 7816 card OS (virtualsmartcard.VirtualSmartcard.Iso7816OS) over a file
system built here: the application DF "sx1.sh.社会保障" (GBK) holding EF05 (card data) and EF06 (holder),
both linear files of simple-TLV records whose identifier is the tag, readable without a PIN:

  EF05: 01 card identifier (16 bytes), 05 issue date (4 BCD), 06 expiry date (4 BCD), 07 card number (9 ASCII)
  EF06: 08 social security number (18 ASCII), 09 name (30 bytes GBK, space padded), 0A sex ('1' male, '2'
        female), 0B nation (1 BCD, GB/T 3304), 0C birthplace (3 BCD region code), 0D birth date (4 BCD)

A record reads back whole, tag and length included: 00 B2 <tag> 00 <Le> -> <tag> <len> <value> 90 00.

Usage: sscard_vicc.py [--port 35963] [--card card.json] [--no-application]
Needs PYTHONPATH with /usr/lib/python3/site-packages and a "Crypto" alias of Debian's Cryptodome (vicc
imports Crypto, Debian ships it as Cryptodome); prints "ready" once connected to vpcd. Quirks handled: vicc answers SELECT with P2=00 by
building an FCI that crashes, so drivers select with P2=0C; a record-EF mask bug is worked around below; vpcd writes each APDU's length and body
separately, so quick-ACK is set before every receive (with TCP_NODELAY) to avoid ~40 ms of delayed ACK per APDU.
"""
import argparse
import json
import socket
import sys

from virtualsmartcard.ConstantDefinitions import FDB
from virtualsmartcard.SmartcardFilesystem import MF, DF, Record, RecordStructureEF
from virtualsmartcard.SmartcardSAM import SAM
from virtualsmartcard.VirtualSmartcard import Iso7816OS, VirtualICC

AID = "sx1.sh.社会保障".encode("gbk")

SAMPLE = {
    "cardId": "420381D15600000500A1B2C3D4E5F607",
    "issueDate": "20190315",
    "expiryDate": "20290315",
    "cardNumber": "A12345678",
    "idNumber": "420381198504121236",
    "name": "张三丰",
    "sex": "1",
    "nation": "01",
    "birthPlace": "420381",
    "birthDate": "19850412",
}


def bcd(digits):
    return bytes.fromhex(digits)


def tlv(tag, value):
    return bytes([tag, len(value)]) + value


class SimpleTlvRecordEF(RecordStructureEF):
    """A linear variable EF of simple-TLV records. vsmartcard 0.8 tests the file descriptor with a wrong mask
    (fd & 3), so a linear-variable simple-TLV EF would answer READ RECORD by identifier with every record."""

    def hasSimpleTlv(self):
        return True


def record_ef(parent, fid, fields):
    records = [Record(identifier=tag, data=tlv(tag, value)) for tag, value in fields]
    return SimpleTlvRecordEF(parent, fid, FDB["EFSTRUCTURE_LINEAR_VARIABLESIMPLETLV"], records=records)


def build_card(card, application=True):
    mf = MF()
    app = DF(mf, 0xDDF1, dfname=AID if application else b"other.card.app")
    mf.append(app)
    app.append(record_ef(app, 0xEF05, [
        (0x01, bytes.fromhex(card["cardId"])),
        (0x05, bcd(card["issueDate"])),
        (0x06, bcd(card["expiryDate"])),
        (0x07, card["cardNumber"].encode("ascii")),
    ]))
    app.append(record_ef(app, 0xEF06, [
        (0x08, card["idNumber"].encode("ascii")),
        (0x09, card["name"].encode("gbk").ljust(30, b" ")),
        (0x0A, card["sex"].encode("ascii")),
        (0x0B, bcd(card["nation"])),
        (0x0C, bcd(card["birthPlace"])),
        (0x0D, bcd(card["birthDate"])),
    ]))
    return Iso7816OS(mf, SAM("1234", card["cardNumber"], mf))


class QuickAckSocket:
    """vicc's socket, re-arming TCP_QUICKACK before every receive (Linux clears it after use)."""

    def __init__(self, sock):
        self.sock = sock
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def recv(self, size):
        if hasattr(socket, "TCP_QUICKACK"):
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        return self.sock.recv(size)

    def sendall(self, data):
        return self.sock.sendall(data)

    def settimeout(self, timeout):
        return self.sock.settimeout(timeout)

    def close(self):
        return self.sock.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--port", type=int, default=35963)
    parser.add_argument("--card", help="JSON file with the card's fields (default: a sample card)")
    parser.add_argument("--no-application", action="store_true",
                        help="a card without the social security application (SELECT answers 6A82)")
    args = parser.parse_args()
    card = dict(SAMPLE)
    if args.card:
        with open(args.card, encoding="utf-8") as f:
            card.update(json.load(f))

    icc = VirtualICC.__new__(VirtualICC)  # vicc's APDU loop, with our card instead of its generated one
    icc.os = build_card(card, not args.no_application)
    icc.type = "iso7816"
    icc.host = args.host
    icc.port = args.port
    icc.server_sock = None
    icc.sock = QuickAckSocket(socket.create_connection((args.host, args.port)))
    print("ready", flush=True)
    try:
        icc.run()
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        icc.sock.close()


if __name__ == "__main__":
    sys.exit(main())

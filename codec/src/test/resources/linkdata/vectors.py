# Recomputes the pinned values of LinkDataVectorsTest independently of the codec:
# python3 codec/src/test/resources/linkdata/vectors.py (needs the 'cryptography' package).
# Independent computation of link-data vectors (Python 'cryptography' + hashlib/hmac).
import hashlib, hmac, base64
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization as S

def key(seed):
    sk = Ed25519PrivateKey.from_private_bytes(seed)
    der = sk.public_key().public_bytes(S.Encoding.DER, S.PublicFormat.SubjectPublicKeyInfo)
    raw = sk.public_key().public_bytes(S.Encoding.Raw, S.PublicFormat.Raw)
    return sk, der, raw

def bs(b):
    assert len(b) <= 255
    return bytes([len(b)]) + b

def hkdf_sha512(salt, ikm, info, n):
    prk = hmac.new(salt, ikm, hashlib.sha512).digest()
    out, t, i = b"", b"", 1
    while len(out) < n:
        t = hmac.new(prk, t + info + bytes([i]), hashlib.sha512).digest()
        out += t; i += 1
    return out[:n]

root_seed = bytes(range(32))
owner_seed = bytes(range(32, 64))
root, root_der, root_raw = key(root_seed)
owner, owner_der, owner_raw = key(owner_seed)
print("root raw", root_raw.hex()); print("root der", root_der.hex())
print("owner raw", owner_raw.hex()); print("owner der", owner_der.hex())

owner_id = b"owner-1"
sig = root.sign(owner_id + owner_der)
print("owner auth sig", sig.hex())
inner = bs(owner_id) + bs(owner_der) + bs(sig)
print("owner auth", bs(inner).hex(), len(inner))

lk = b"0123456789abcdef0123456789abcdef"
c = hkdf_sha512(b"", lk, b"SimpleXContactLink", 56)
print("contact linkId", c[:24].hex()); print("contact sbKey", c[24:].hex())
print("inv sbKey", hkdf_sha512(b"", lk, b"SimpleXInvLink", 32).hex())

# contactConnRequest = CRContactUri connReqData (ConnectionRequestTests.hs)
onion = b"jjbyvoemxysm7qxap7m5d5m35jzv5qq6gnlv7s4rsn7tdwwmuqciwpid.onion"
dh = base64.b64decode("MCowBQYDK2VuAyEAjiswwI3O/NlS8Fk3HJUW870EY2bAwmttMBsvRB9eV3o=")
queue = (bytes.fromhex("00010004")            # clientVRange 1-4
         + b"\x02" + bs(b"smp.simplex.im") + bs(onion)  # hosts
         + bs(b"5223") + bs(bytes([215, ord('m'), 248, 251]))  # port, keyHash
         + bs(bytes([223, 142, ord('z'), 251]))  # senderId
         + bs(dh)                                # dhPublicKey
         + b"T")                                 # sndSecure (max >= 3, messaging)
conn_req = b"C" + bytes.fromhex("00020007") + b"\x01" + queue + b"0"
fixed = bytes.fromhex("00020007") + bs(root_der) + conn_req
print("fixed no entity", fixed.hex(), len(fixed))
print("linkKey no entity", hashlib.sha3_256(fixed).hexdigest())
fixed_e = fixed + bs(b"group-1")
print("linkKey entity", hashlib.sha3_256(fixed_e).hexdigest())
print("fixed sig", root.sign(fixed).hex())

# UserContactData direct, no owners, no relays, "some user data"
ucd = b"T" + b"\x00" + b"\x00" + bs(b"some user data")
cld = b"C" + bytes.fromhex("00020007") + ucd
print("contact link data", cld.hex())
print("contact link data sig", root.sign(cld).hex())

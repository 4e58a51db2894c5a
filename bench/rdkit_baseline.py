#!/usr/bin/python3
"""Native RDKit baseline for the classify benchmark: parse each SMILES and run one SMARTS match for the
fentanyl core (4-anilidopiperidine), on one thread. Prints one JSON object.

Run with Debian's interpreter (apt-get install python3-rdkit): /usr/bin/python3 bench/rdkit_baseline.py FILE
"""
import json
import sys
import time

from rdkit import Chem, RDLogger

RDLogger.DisableLog("rdApp.*")

# N-phenyl-N-(piperidin-4-yl)amide: the core every fentanyl-class definition starts from.
FENTANYL_CORE = Chem.MolFromSmarts("O=C-N(-c1ccccc1)-C1CCNCC1")


def main() -> None:
    path = sys.argv[1]
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = [line.split()[0] for line in f if line.strip() and not line.startswith("#")]
    start = time.perf_counter()
    cpu = time.process_time()
    parsed = matched = 0
    for smiles in lines:
        mol = Chem.MolFromSmiles(smiles)
        if mol is None:
            continue
        parsed += 1
        if mol.HasSubstructMatch(FENTANYL_CORE):
            matched += 1
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    print(json.dumps({"records": len(lines), "parsed": parsed, "matched": matched, "seconds": seconds, "rate": len(lines) / seconds, "cpu_seconds": cpu_seconds}))


if __name__ == "__main__":
    main()

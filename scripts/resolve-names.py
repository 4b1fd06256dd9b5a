#!/usr/bin/env python3
"""resolve-names.py - turn the names of published palmarès lists into codes.

Published lists give a collectivité by its name as the newspaper printed it
(`Hazebrouk`, `Marcq-en-Baroeul`, `Villeneuve-D'Ascq`) and, sometimes, its
département.  This script resolves each name against the Etalab data of
input/collectivites/ (communes.json: current communes; epci.json: EPCI, whose
départements are those of their member communes) and never guesses:

  1. a line of the aliases file (`nom,departement,code`, code may be
     `etranger`), written by hand after checking, matched on the folded name
     and the département exactly as the list gives it (empty included);
  2. otherwise exactly one current commune or EPCI of that département (of
     France when the list gives none) whose name is the same once folded:
     no case, accents, ligatures (œ/oe) and every run of hyphens, apostrophes,
     spaces and other punctuation as one space - the fold of arobase's
     ar_text_fold().  The method is `exact` when the printed name is the
     official one byte for byte, `pliage` when only the folded forms agree.

Anything else (no match, or several) makes the script fail with exit status
65, listing every unresolved name with its nearest candidates, and write
nothing.

Two modes, run from the repository root:

  resolve-names.py [--collectivites DIR] [--aliases FILE] [-o FILE] [LIST]
      LIST (default input/demo/2018/palmares-publie.csv, columns
      millesime,nom,departement,type,arobases,mention,source) -> the reviewed
      table FILE (default input/demo/2018/codes.csv), `;`-separated UTF-8:
      nom_publie;departement;code;nom_officiel;type;population;methode
      sorted by code.  type is `commune` or `epci`; population is the
      population municipale of the Etalab data.

  resolve-names.py --history DIR [--outdir OUT] [--collectivites DIR] [--aliases FILE]
      Every *.csv of DIR but aliases.csv (published lists in the history
      format) is written again into OUT (default DIR itself) with its rows
      unchanged and a last column `code` recomputed: the code, or empty for a
      collectivité that an alias marks `etranger`.

The Etalab folder defaults to $COLLECTIVITES, else input/collectivites.
Python 3 standard library only; the output depends on the inputs alone.
"""

import argparse
import csv
import difflib
import io
import json
import os
import re
import sys
import tempfile
import unicodedata

EX_DATAERR = 65
EX_NOINPUT = 66
PROG = "resolve-names"


def fold(name):
    """Comparison key of a name, as ar_text_fold() in stages/common/text.c."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    s = re.sub(r"[\W_]+", " ", s)
    return s.strip()


def die(status, msg):
    sys.stderr.write("%s: %s\n" % (PROG, msg))
    sys.exit(status)


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        die(EX_NOINPUT, "%s: %s" % (path, e.strerror))


class Directory:
    """The Etalab collectivités: current communes and EPCI, by folded name."""

    def __init__(self, folder):
        self.entries = []   # dicts: code, nom, type, departements, population
        self.by_code = {}
        for c in read_json(os.path.join(folder, "communes.json")):
            if c.get("type") != "commune-actuelle":
                continue
            e = {"code": c["code"], "nom": c["nom"], "type": "commune",
                 "departements": {c["departement"]},
                 "population": c.get("population")}
            self.entries.append(e)
            self.by_code[e["code"]] = e
        for c in read_json(os.path.join(folder, "epci.json")):
            deps = {m["code"][:3] if m["code"].startswith("97") else m["code"][:2]
                    for m in c.get("membres", [])}
            e = {"code": c["code"], "nom": c["nom"], "type": "epci",
                 "departements": deps,
                 "population": c.get("populationMunicipale")}
            self.entries.append(e)
            self.by_code[e["code"]] = e
        # Former communes, only to suggest candidates in error messages.
        self.others = [c for c in read_json(os.path.join(folder, "communes.json"))
                       if c.get("type") != "commune-actuelle"]
        self.by_fold = {}
        for e in self.entries:
            self.by_fold.setdefault(fold(e["nom"]), []).append(e)

    def matches(self, name, dep, kind):
        """Entries whose folded name is fold(name), in département dep
        (anywhere when dep is empty), of kind 'commune', 'epci' or None."""
        out = []
        for e in self.by_fold.get(fold(name), []):
            if dep and dep not in e["departements"]:
                continue
            if kind and e["type"] != kind:
                continue
            out.append(e)
        return out

    def nearest(self, name, dep, n=3):
        """Up to n candidates with a close folded name, for error messages."""
        key = fold(name)
        pool = {}
        for e in self.entries:
            if not dep or dep in e["departements"]:
                pool.setdefault(fold(e["nom"]), []).append(
                    "%s %s (%s)" % (e["code"], e["nom"], e["type"]))
        for c in self.others:
            if not dep or c.get("departement") == dep:
                pool.setdefault(fold(c["nom"]), []).append(
                    "%s %s (%s, %s)" % (c["code"], c["nom"], c["type"],
                                        c.get("departement", "")))
        # Names that start with the printed one ("Vandoeuvre" for
        # Vandœuvre-lès-Nancy), then the closest spellings.
        keys = sorted(k for k in pool if k.startswith(key + " "))[:n]
        keys += [k for k in difflib.get_close_matches(key, list(pool), n=n, cutoff=0.6)
                 if k not in keys]
        out = []
        for k in keys:
            out.extend(sorted(pool[k]))
        return out[:2 * n]


def read_aliases(path):
    """{(folded name, département): code} from `nom,departement,code`."""
    aliases = {}
    try:
        f = open(path, encoding="utf-8", newline="")
    except OSError as e:
        die(EX_NOINPUT, "%s: %s" % (path, e.strerror))
    with f:
        rd = csv.DictReader(f)
        if rd.fieldnames != ["nom", "departement", "code"]:
            die(EX_DATAERR, "%s:1: header must be nom,departement,code" % path)
        for row in rd:
            key = (fold(row["nom"]), row["departement"])
            if key in aliases:
                die(EX_DATAERR, "%s:%d: nom: duplicate alias \"%s\""
                    % (path, rd.line_num, row["nom"]))
            aliases[key] = row["code"]
    return aliases


class Resolver:
    def __init__(self, directory, aliases):
        self.dir = directory
        self.aliases = aliases
        self.unresolved = []

    def resolve(self, where, name, dep, kind=None):
        """(entry or None for `etranger`, methode), or None after recording
        the failure when the name cannot be resolved."""
        code = self.aliases.get((fold(name), dep))
        if code is not None:
            if code == "etranger":
                return None, "alias"
            e = self.dir.by_code.get(code)
            if e is None:
                self.unresolved.append("%s: \"%s\": alias code %s is not in the "
                                       "collectivités directory" % (where, name, code))
                return None
            return e, "alias"
        m = self.dir.matches(name, dep, kind)
        if len(m) == 1:
            return m[0], ("exact" if m[0]["nom"] == name else "pliage")
        if m:
            cands = ["%s %s (%s)" % (e["code"], e["nom"], "/".join(sorted(e["departements"])))
                     for e in m]
            why = "several collectivités bear this name"
        else:
            cands = self.dir.nearest(name, dep)
            why = "no collectivité of this name"
        self.unresolved.append("%s: \"%s\" (département %s): %s; nearest: %s"
                               % (where, name, dep or "not given", why,
                                  "; ".join(cands) or "none"))
        return None

    def check(self):
        if self.unresolved:
            for u in self.unresolved:
                sys.stderr.write("%s: %s\n" % (PROG, u))
            die(EX_DATAERR, "%d name(s) unresolved: check them and add lines "
                "`nom,departement,code` to the aliases file" % len(self.unresolved))


def write_atomic(path, text):
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)   # mkstemp makes it 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def read_rows(path):
    try:
        f = open(path, encoding="utf-8", newline="")
    except OSError as e:
        die(EX_NOINPUT, "%s: %s" % (path, e.strerror))
    with f:
        rd = csv.reader(f)
        rows = [(rd.line_num, r) for r in rd]
    if not rows:
        die(EX_DATAERR, "%s: empty file" % path)
    return rows


def resolve_list(args, res):
    rows = read_rows(args.list)
    header = rows[0][1]
    for col in ("nom", "departement", "type"):
        if col not in header:
            die(EX_DATAERR, "%s:1: %s: missing column" % (args.list, col))
    ix = {h: i for i, h in enumerate(header)}
    out = []
    for line, r in rows[1:]:
        name, dep, typ = r[ix["nom"]], r[ix["departement"]], r[ix["type"]]
        kind = "epci" if typ == "territoire" else ("commune" if typ else None)
        got = res.resolve("%s:%d" % (args.list, line), name, dep, kind)
        if got is None:
            continue
        e, how = got
        if e is None:
            res.unresolved.append("%s:%d: \"%s\": a foreign collectivité cannot "
                                  "be a candidature" % (args.list, line, name))
            continue
        out.append([name, dep, e["code"], e["nom"], e["type"],
                    "" if e["population"] is None else str(e["population"]), how])
    res.check()
    codes = [o[2] for o in out]
    dups = sorted({c for c in codes if codes.count(c) > 1})
    if dups:
        die(EX_DATAERR, "%s: several names resolve to %s" % (args.list, ", ".join(dups)))
    out.sort(key=lambda o: (o[2], o[0]))
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(["nom_publie", "departement", "code", "nom_officiel", "type",
                "population", "methode"])
    w.writerows(out)
    write_atomic(args.output, buf.getvalue())
    sys.stderr.write("%s: %s: %d names resolved (%s)\n" % (
        PROG, args.output, len(out), ", ".join(
            "%s %d" % (m, sum(1 for o in out if o[6] == m))
            for m in ("exact", "pliage", "alias"))))


def resolve_history(args, res):
    names = sorted(n for n in os.listdir(args.history)
                   if n.endswith(".csv") and n != "aliases.csv")
    outdir = args.outdir or args.history
    texts = {}
    total = 0
    for n in names:
        path = os.path.join(args.history, n)
        rows = read_rows(path)
        header = rows[0][1]
        for col in ("nom", "departement", "type"):
            if col not in header:
                die(EX_DATAERR, "%s:1: %s: missing column" % (path, col))
        keep = [i for i, h in enumerate(header) if h != "code"]
        ix = {h: i for i, h in enumerate(header)}
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([header[i] for i in keep] + ["code"])
        for line, r in rows[1:]:
            typ = r[ix["type"]]
            kind = "epci" if typ == "territoire" else ("commune" if typ else None)
            got = res.resolve("%s:%d" % (path, line), r[ix["nom"]],
                              r[ix["departement"]], kind)
            code = got[0]["code"] if got and got[0] else ""
            w.writerow([r[i] for i in keep] + [code])
            total += 1
        texts[n] = buf.getvalue()
    res.check()
    for n in names:
        write_atomic(os.path.join(outdir, n), texts[n])
    sys.stderr.write("%s: %d history files, %d rows resolved\n" % (PROG, len(names), total))


def main():
    p = argparse.ArgumentParser(
        prog=PROG, description="Resolve the names of published palmarès lists "
        "into INSEE codes and SIREN, through reviewed aliases, never by guess.")
    p.add_argument("--collectivites", default=os.environ.get("COLLECTIVITES") or "input/collectivites",
                   help="folder of the Etalab data (communes.json, epci.json)")
    p.add_argument("--aliases", default="input/history/aliases.csv",
                   help="reviewed aliases nom,departement,code")
    p.add_argument("-o", "--output", default="input/demo/2018/codes.csv",
                   help="table written from LIST")
    p.add_argument("--history", metavar="DIR",
                   help="recompute the code column of the history CSVs of DIR")
    p.add_argument("--outdir", metavar="OUT",
                   help="with --history: where to write them (default DIR)")
    p.add_argument("list", nargs="?", default="input/demo/2018/palmares-publie.csv",
                   help="published list (default %(default)s)")
    args = p.parse_args()
    res = Resolver(Directory(args.collectivites), read_aliases(args.aliases))
    if args.history:
        resolve_history(args, res)
    else:
        resolve_list(args, res)


if __name__ == "__main__":
    main()

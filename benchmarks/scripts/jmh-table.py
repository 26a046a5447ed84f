#!/usr/bin/env python3
"""One Markdown row per JMH benchmark and parameter set, one column per run, from the
NAME-TAG.json files that compare-jars.sh writes: python3 jmh-table.py OUTDIR."""
import json,glob,os,sys,collections
d=sys.argv[1]
rows=collections.defaultdict(dict)
for f in sorted(glob.glob(d+'/*.json')):
    name,tag=os.path.basename(f)[:-5].rsplit('-',1)
    try: data=json.load(open(f))
    except Exception: continue
    for b in data:
        params=",".join(f"{k}={v}" for k,v in sorted(b.get('params',{}).items()) if k not in('impl',))
        bn=b['benchmark'].split('.',3)[-1]
        pm=b['primaryMetric']
        key=(bn,params)
        sec=b.get('secondaryMetrics',{})
        if 'gflops' in sec:
            rows[key+('gflops',)][tag]=(sec['gflops']['score'],sec['gflops']['scoreError'])
        else:
            if pm['scoreUnit'] in ('ops/ns',): continue
            if b['mode']=='sample':
                p=pm['scorePercentiles']; rows[key+(pm['scoreUnit']+' p50',)][tag]=(p['50.0'],0)
            else:
                rows[key+(pm['scoreUnit'],)][tag]=(pm['score'],pm['scoreError'])
tags=sorted({t for r in rows.values() for t in r})
print("| benchmark | params | unit | "+" | ".join(tags)+" |")
for k in sorted(rows):
    r=rows[k]
    print(f"| {k[0]} | {k[1]} | {k[2]} | "+" | ".join(("%.4g ± %.2g"%r[t]) if t in r else "" for t in tags)+" |")

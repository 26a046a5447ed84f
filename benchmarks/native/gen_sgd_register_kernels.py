"""Generates the register kernels of recsys-core's PanamaSgdKernels (mfRatingN, mfUsersN, pairN,
singleN for k = N vectors, N in NS): the section between the "register kernels, generated" and
"end of the generated register kernels" comments. Java has no arrays of vectors in registers, so
each vector count is written out; edit this script, not the generated code, and paste its output:

    python3 benchmarks/native/gen_sgd_register_kernels.py > /tmp/kernels.java
"""
NS = [2, 4, 8, 16]
# pairN writes the step once per stream up to this n; above, once, with the streams' registers swapped
TWO_COPIES_UP_TO = 4

def rows(prefix, n):
    return [f"{prefix}{j}" for j in range(n)]

def off(base, j):
    return base if j == 0 else (f"{base} + L" if j == 1 else f"{base} + {j} * L")

def tree(o, ind, expr, var):
    """The fixed-order lane sum of expr into float var, written out (a call would not be inlined)."""
    o.append(f"{ind}FloatVector t = {expr};")
    o.append(f"{ind}if (L >= 16) {{")
    o.append(f"{ind}    t = t.add(t.rearrange(ROT8));")
    o.append(f"{ind}}}")
    o.append(f"{ind}if (L >= 8) {{")
    o.append(f"{ind}    t = t.add(t.rearrange(ROT4));")
    o.append(f"{ind}}}")
    o.append(f"{ind}FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);")
    o.append(f"{ind}tq = tq.add(tq.rearrange(LaneSum.SWAP2));")
    o.append(f"{ind}float {var} = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);")

def rating(n):
    o = []
    o.append(f"    /** {{@link #mfRating}} at k = {n} vectors, both rows in registers (unrolled). */")
    o.append(f"    private static float mfRating{n}(float[] p, int po, float[] q, int qo, float r, float base, float keep, float lr) {{")
    for j in range(n):
        o.append(f"        FloatVector p{j} = FloatVector.fromArray(S, p, {off('po', j)});")
    for j in range(n):
        o.append(f"        FloatVector q{j} = FloatVector.fromArray(S, q, {off('qo', j)});")
    o.append("        FloatVector zero = FloatVector.zero(S);")
    o.append("        FloatVector acc = p0.fma(q0, zero);")
    o.append("        FloatVector acc2 = p1.fma(q1, zero);")
    for j in range(2, n):
        a = "acc" if j % 2 == 0 else "acc2"
        o.append(f"        {a} = p{j}.fma(q{j}, {a});")
    tree(o, "        ", "acc.add(acc2)", "dot")
    o.append("        float err = r - (base + dot);")
    o.append("        FloatVector lev = FloatVector.broadcast(S, lr * err);")
    for j in range(n):
        o.append(f"        q{j}.fma(lev, p{j}.mul(keep)).intoArray(p, {off('po', j)});")
        o.append(f"        p{j}.fma(lev, q{j}.mul(keep)).intoArray(q, {off('qo', j)});")
    o.append("        return err;")
    o.append("    }")
    return o

def load(o, ind, x, base, n):
    for j in range(n):
        o.append(f"{ind}{x}{j} = FloatVector.fromArray(S, p, {off(base, j)});")

def store(o, ind, x, base, n, arr="p"):
    for j in range(n):
        o.append(f"{ind}{x}{j}.intoArray({arr}, {off(base, j)});")

def step(o, ind, x, nx, bx, n):
    o.append(f"{ind}int i = items[{nx}];")
    o.append(f"{ind}int qo = i * k;")
    o.append(f"{ind}float bii = bi[i];")
    for j in range(n):
        o.append(f"{ind}FloatVector c{j} = FloatVector.fromArray(S, q, {off('qo', j)});")
    o.append(f"{ind}FloatVector acc = {x}0.fma(c0, zero);")
    o.append(f"{ind}FloatVector acc2 = {x}1.fma(c1, zero);")
    for j in range(2, n):
        a = "acc" if j % 2 == 0 else "acc2"
        o.append(f"{ind}{a} = {x}{j}.fma(c{j}, {a});")
    tree(o, ind, "acc.add(acc2)", "dot")
    o.append(f"{ind}float err = ratings[{nx}] - ((mu + {bx} + bii) + dot);")
    o.append(f"{ind}FloatVector le = FloatVector.broadcast(S, lr * err);")
    for j in range(n):
        o.append(f"{ind}{x}{j}.fma(le, c{j}.mul(keep)).intoArray(q, {off('qo', j)});")
    for j in range(n):
        o.append(f"{ind}{x}{j} = c{j}.fma(le, {x}{j}.mul(keep));")
    o.append(f"{ind}sq += err * err;")
    o.append(f"{ind}{bx} = {bx} + lr * (err - regBias * {bx});")
    o.append(f"{ind}bi[i] = bii + lr * (err - regBias * bii);")

def users(n):
    o = []
    o.append(f"    /** {{@link #mfUsers}} at k = {n} vectors: the schedule, with {{@link #pair{n}}} and {{@link #single{n}}} doing the entries. */")
    o.append(f"    private static double mfUsers{n}(int[] order, int nOrder, int[] start, int[] items, float[] ratings,")
    o.append( "                                   float[] p, float[] q, float[] bu, float[] bi, int k,")
    o.append( "                                   float mu, float keep, float lr, float regBias) {")
    o.append("        double sq = 0;")
    o.append("        int next = 0;")
    for s in "ab":
        o.append(f"        int u{s} = 0;")
        o.append(f"        int n{s} = 0;")
        o.append(f"        int e{s} = 0;")
    o.append("        while (true) {")
    for s in "ab":
        o.append(f"            while (n{s} == e{s} && next < nOrder) {{")
        o.append(f"                u{s} = order[next++];")
        o.append(f"                n{s} = start[u{s}];")
        o.append(f"                e{s} = start[u{s} + 1];")
        o.append( "            }")
    o.append("            if (na < ea && nb < eb) {")
    o.append("                int rounds = Math.min(ea - na, eb - nb);")
    o.append(f"                sq = pair{n}(items, ratings, p, q, bu, bi, k, ua, na, ub, nb, rounds, mu, keep, lr, regBias, sq);")
    o.append("                na += rounds;")
    o.append("                nb += rounds;")
    o.append("            } else if (na < ea) {")
    o.append(f"                sq = single{n}(items, ratings, p, q, bu, bi, k, ua, na, ea, mu, keep, lr, regBias, sq);")
    o.append("                na = ea;")
    o.append("            } else if (nb < eb) {")
    o.append(f"                sq = single{n}(items, ratings, p, q, bu, bi, k, ub, nb, eb, mu, keep, lr, regBias, sq);")
    o.append("                nb = eb;")
    o.append("            } else {")
    o.append("                return sq;")
    o.append("            }")
    o.append("        }")
    o.append("    }")
    o.append("")
    o.append(f"    /**")
    o.append(f"     * {{@code rounds}} rounds of two users at k = {n} vectors, user ua's entries from na and ub's from nb")
    o.append(f"     * (A's entry, then B's), the rows and biases in registers; returns sq plus the squared errors.")
    o.append(f"     */")
    o.append(f"    private static double pair{n}(int[] items, float[] ratings, float[] p, float[] q, float[] bu, float[] bi, int k,")
    o.append( "                                 int ua, int na, int ub, int nb, int rounds, float mu, float keep, float lr,")
    o.append( "                                 float regBias, double sq) {")
    o.append("        int pa = ua * k;")
    o.append("        int pb = ub * k;")
    o.append("        float bua = bu[ua];")
    o.append("        float bub = bu[ub];")
    for s in "ab":
        for j in range(n):
            o.append(f"        FloatVector {s}{j} = FloatVector.fromArray(S, p, {off('p' + s, j)});")
    o.append("        FloatVector zero = FloatVector.zero(S);")
    if n <= TWO_COPIES_UP_TO:
        o.append("        for (int r = 0; r < rounds; r++) {")
        for s in "ab":
            o.append("            {")
            step(o, "                ", s, f"n{s} + r", f"bu{s}", n)
            o.append("            }")
        o.append("        }")
    else:
        o.append("        // one step per iteration for the stream whose turn it is (registers a), then the streams swap")
        o.append("        int xa = na;")
        o.append("        int xb = nb;")
        o.append("        for (int r = 0; r < 2 * rounds; r++) {")
        step(o, "            ", "a", "xa", "bua", n)
        o.append("            xa++;")
        o.append("            int xt = xa;")
        o.append("            xa = xb;")
        o.append("            xb = xt;")
        o.append("            float bt = bua;")
        o.append("            bua = bub;")
        o.append("            bub = bt;")
        for j in range(n):
            o.append(f"            FloatVector t{j} = a{j};")
            o.append(f"            a{j} = b{j};")
            o.append(f"            b{j} = t{j};")
        o.append("        }")
    for s in "ab":
        store(o, "        ", s, f"p{s}", n)
        o.append(f"        bu[u{s}] = bu{s};")
    o.append("        return sq;")
    o.append("    }")
    o.append("")
    o.append(f"    /** User u's entries [from, to) alone at k = {n} vectors, the row and bias in registers; returns sq plus the squared errors. */")
    o.append(f"    private static double single{n}(int[] items, float[] ratings, float[] p, float[] q, float[] bu, float[] bi, int k,")
    o.append( "                                   int u, int from, int to, float mu, float keep, float lr, float regBias,")
    o.append( "                                   double sq) {")
    o.append("        int pu = u * k;")
    o.append("        float bub = bu[u];")
    for j in range(n):
        o.append(f"        FloatVector b{j} = FloatVector.fromArray(S, p, {off('pu', j)});")
    o.append("        FloatVector zero = FloatVector.zero(S);")
    o.append("        for (int e = from; e < to; e++) {")
    step(o, "            ", "b", "e", "bub", n)
    o.append("        }")
    store(o, "        ", "b", "pu", n)
    o.append("        bu[u] = bub;")
    o.append("        return sq;")
    o.append("    }")
    return o

out = ["    // ---- register kernels, generated for k = 2, 4, 8 and 16 vectors by benchmarks/native/gen_sgd_register_kernels.py ----", ""]
for n in NS:
    out += rating(n) + [""]
for n in NS:
    out += users(n) + [""]
out.append("    // ---- end of the generated register kernels ----")
print("\n".join(out))

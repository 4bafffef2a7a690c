"""The document numbers of the duplicate clusters' members in one commit of an index.

Clusters are stored by id (:mod:`searchtool.index.clusters`), and ids are what outlive a commit;
but a search that folds duplicates needs document numbers, and looking up every member's id cost
16 s a search on the UN speeches copied ten times (109,520 statements in clusters of ten). So the
writer stores the numbers of the commit it just made (:func:`docnum_table`) beside the clusters,
and a search uses them when they are its own commit's (:func:`table_fits`). A module apart from
``clusters`` so that a search does not import the sketches' hashing (``hashlib``, ~3 ms).
"""

from __future__ import annotations

from whoosh.index import open_dir
from whoosh.reading import TermNotFound



def docnums_of_ids(reader, ids) -> list[int | None]:
    """The live document number of each id in ``ids`` (``None`` for an id the index does not hold).

    An id is a unique term, so its term info already names its document (``min_id``): no
    postings are read and no query is built (21 against 33 us an id for
    ``searcher.document_number`` on the UN speeches, machine loaded). Searches need not even
    that: the writer stores the clusters' numbers (:func:`docnum_table`).
    """
    leaves = reader.leaf_readers()
    out: list[int | None] = []
    for ident in ids:
        found = None
        for sub, offset in leaves:
            try:
                info = sub.term_info("id", ident)
            except TermNotFound:
                continue
            if info.doc_frequency() == 1 and not sub.is_deleted(info.min_id()):
                found = info.min_id() + offset
            elif info.doc_frequency() > 1:  # a re-added id beside its deleted copy in one segment
                found = next((d + offset for d in sub.postings("id", ident).all_ids() if not sub.is_deleted(d)), None)
            if found is not None:
                break
        out.append(found)
    return out


def member_docnums(reader, clusters: list[list]) -> list[list[int | None]]:
    """For each stored cluster (original id, then ``[id, kind, similarity]`` members), the
    document numbers of its statements in ``reader``, original first."""
    return [docnums_of_ids(reader, [original, *(m[0] for m in rest)]) for original, *rest in clusters]


def docnum_table(gen_dir, clusters: list[list], stored: dict | None = None) -> dict | None:
    """The document numbers of ``clusters``' members in the committed index of ``gen_dir``,
    keyed by its table of contents (see :func:`searchtool.index.ledger.load_cluster_table`),
    so that a search folds duplicates without looking up one id (``None`` without clusters);
    ``stored``, a table already on disk, comes back as it is when it still fits."""
    if not clusters:
        return None
    with open_dir(str(gen_dir)).reader() as reader:
        if table_fits(stored, reader, clusters):
            return stored
        return {"toc": reader.generation(), "members": member_docnums(reader, clusters)}


def table_fits(table: dict | None, reader, clusters: list[list]) -> bool:
    """Whether ``table`` was resolved for the table of contents ``reader`` reads and holds a
    live document number (or ``None``) for every member: a table from an older commit, or one
    an index folder from elsewhere got wrong, is not used (the ids are looked up instead)."""
    if not isinstance(table, dict) or table.get("toc") != reader.generation():
        return False
    members = table.get("members")
    if not isinstance(members, list) or len(members) != len(clusters):
        return False
    limit = reader.doc_count_all()
    # Asked of a reader with deletions only: 109,520 members took 106 ms to check, most of it
    # Whoosh's is_deleted on an index that has none.
    deleted = reader.is_deleted if reader.has_deletions() else None
    for nums, cluster in zip(members, clusters):
        if not isinstance(nums, list) or len(nums) != len(cluster):
            return False
        for d in nums:
            if d is not None and (type(d) is not int or not 0 <= d < limit or (deleted and deleted(d))):
                return False
    return True

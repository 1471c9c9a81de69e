"""SQLite schema (SQLAlchemy 2.0 ORM). SQLite is the source of truth: every segment's embedding is
stored here too, so the FAISS files can always be rebuilt from it."""

from __future__ import annotations

from sqlalchemy import (Float, ForeignKey, Index, Integer, LargeBinary, String, Text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

SCHEMA_VERSION = 7  # 2: image_classes WITHOUT ROWID; 3: images.taken_at / taken_from; 4: image_colours;
# 5: segment_colours, images.chroma; 6: an index of images.taken_at (searches ordered by date); 7: images.camera


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Index-level facts: model, weights hash, embedding dim, schema version, write generation."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ImageRow(Base):
    __tablename__ = "images"
    # "recent photos of my dog" walks the photos by date until k match: 1.6 ms against 109 ms
    # sorting every match, on 300,000 synthetic segments (`benchmarks/date_order.py`)
    __table_args__ = (Index("ix_images_taken", "taken_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    raw_path: Mapped[bytes] = mapped_column(LargeBinary, unique=True)  # os.fsencode(abs path)
    path: Mapped[str] = mapped_column(Text, index=True)  # printable form of raw_path
    size: Mapped[int] = mapped_column(Integer)
    mtime_ns: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="indexed")  # indexed | failed
    error: Mapped[str | None] = mapped_column(Text)
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)  # whole-image, float32
    indexed_at: Mapped[float] = mapped_column(Float)
    # when the photo was taken (POSIX time) and where that came from: "exif" or "file" (its mtime).
    # Deferred: indexes of schema 2 lack the columns, and readers do not upgrade
    taken_at: Mapped[float | None] = mapped_column(Float, deferred=True)
    taken_from: Mapped[str | None] = mapped_column(String(8), deferred=True)
    # the share of the photo that has a hue (`colours.chroma`; black and white: about 0). Deferred:
    # indexes before schema 5 lack it; NULL for photos indexed before it was measured
    chroma: Mapped[float | None] = mapped_column(Float, deferred=True)
    # the camera's EXIF make and model (`images.camera_of`; "" where none is recorded). Deferred:
    # indexes before schema 7 lack it; NULL for photos indexed before cameras were read
    camera: Mapped[str | None] = mapped_column(String(64), deferred=True)
    segments: Mapped[list["SegmentRow"]] = relationship(
        back_populates="image", cascade="all, delete-orphan", passive_deletes=True)


class SegmentRow(Base):
    __tablename__ = "segments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # also the FAISS id
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"))
    class_id: Mapped[int] = mapped_column(Integer)
    area: Mapped[float] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float)
    x0: Mapped[int] = mapped_column(Integer)
    y0: Mapped[int] = mapped_column(Integer)
    x1: Mapped[int] = mapped_column(Integer)
    y1: Mapped[int] = mapped_column(Integer)
    histogram: Mapped[bytes] = mapped_column(LargeBinary)  # float32 x 21
    mask_width: Mapped[int] = mapped_column(Integer)
    mask_height: Mapped[int] = mapped_column(Integer)
    mask: Mapped[bytes] = mapped_column(LargeBinary)
    embedding: Mapped[bytes] = mapped_column(LargeBinary)  # float32 x dim, unit length
    image: Mapped[ImageRow] = relationship(back_populates="segments")

    __table_args__ = (Index("ix_segments_image", "image_id"),
                      Index("ix_segments_class", "class_id", "id"))


class ImageClass(Base):
    """Per image and class: how many segments, their total area and prominence. Class queries
    run on this small table instead of aggregating segments at query time."""

    __tablename__ = "image_classes"
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"), primary_key=True)
    class_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    area: Mapped[float] = mapped_column(Float)
    score: Mapped[float] = mapped_column(Float)  # sum of area x confidence

    # WITHOUT ROWID: the (class_id, score) index then carries image_id, so a class's score list is
    # read from the index alone, and per-image lookups are one B-tree search
    __table_args__ = (Index("ix_image_classes_class_score", "class_id", "score"), {"sqlite_with_rowid": False})


class ImageColour(Base):
    """Per image, label and colour (an index into `colours.COLOURS`): the largest share of that
    colour among the image's segments of the label, kept where it reaches `colours.DESCRIBES`
    ("a red car": some car segment is mostly red). Written with the image's segments; indexes
    built before colours were recorded have no rows (meta `colours` is absent)."""

    __tablename__ = "image_colours"
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"), primary_key=True)
    colour: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    share: Mapped[float] = mapped_column(Float)

    __table_args__ = ({"sqlite_with_rowid": False},)


class SegmentColour(Base):
    """Per segment, every colour's share of its pixels (`Segment.colours`), one byte each in the
    order of `colours.COLOURS` (`colours.quantised`): which of a photo's cars is the red one, for
    the matches search shows. A segment without a row was stored before segments' colours were
    (an index upgraded from schema 4 keeps its older segments as they were)."""

    __tablename__ = "segment_colours"
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"), primary_key=True)
    shares: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = ({"sqlite_with_rowid": False},)

"""The class query language: text → AST.

    query  := or
    or     := and (("or" | "|") and)*
    and    := unary (("and" | "&" | "," | "with" | "plus" | "but" | <nothing>) unary)*
    unary  := ["with"] (NOT unary | "(" or ")" | term)
    NOT    := "not" | "no" | "without" | "except" | "excluding" | "!"
    term   := [count] CLASS [(">" | ">=" | "<" | "<=" | "=") NUMBER ["%"]]
    count  := N | "at least" N | "at most" N | "exactly" N | "more than" N | "fewer/less than" N

Plain alternatives that begin a query are one operand of the "but", "with", "without", comma or
word of place after them, and so are those after "with" and the places after a word of place, as
said ("cats or dogs but no people", "a man with a cat or a dog", "a cat on a sofa or a bed":
`_alternatives_first`).

`N` is a number or a number word (one … ten). A bare count means "at least": `2 person` matches
photos with two or more person segments, and `0 dogs` means no dog. An area bound applies to the
concept's area in the image, as a percentage of the image (`car > 10%`). CLASS is any word of the
vocabulary (`segsearch.vocabulary`): a concept's name, a synonym or a plural, one to three words
(`pedestrians`, `traffic lights`, `sky`, `beach`); a scene word expands to its definition.

Natural phrasing: articles, prepositions and a few verbs between concepts join them with AND
("people on the beach", "a dog on a sofa", "a kitchen with an oven"); filler such as "photos of"
or "what photos have" is ignored; punctuation, possessives, negations ("don't", "neither ... nor",
"-cat"), "/" and hyphens are read as people type them (`tokenize`). Words no network sees are left
out and reported by `ignored_words`: describing words ("a big car", "in the rain"; a colour colours
the object it is said of, "a red car"), actions ("sheep
grazing"), and words more than one typing slip from every vocabulary word ("the eiffel tower"); a
word one slip from one is a did-you-mean error, since leaving out a mistyped object would search
for something else (`skippable_word`). Queries are bounded (length, nesting) so that every input
gives a result or one `QueryError`.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import operator
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Sequence, TypeGuard, Union

from ..errors import QueryError
from ..vocabulary import (ACTIVITIES, ANY_THING, BODY_PART_WORDS, BRANDS, BROAD, GENERIC, CLOSE, COAT_COLOURS, COATED,
                          COLOUR_MODIFIERS,
                          COLOUR_WORDS, Concept,
                          COLOUR_LOOK, HAIR_COLOURS, IN_COLOUR, KINDS_OF_THINGS, LOOKS, SHADES, SHAPE_MEANS, SHAPES,
                          SHAPES_BEFORE_A_PHOTO, STAND_INS, THING_WORDS, WORD_OF_ITS_OWN, emoji_word, english_count,
                          likely_slip, plural_forms, typing_slips, vocabulary)

NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "fifteen": 15,
                "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100}
# What people are doing, skipped beside what they do it with or where ("a dog running" is a dog);
# said alone ("swimming") it is named as what no network sees
_SKIPPED_ACTIONS = frozenset({"sitting", "standing", "lying", "riding", "eating", "playing", "walking", "running",
                              "parked", "holding", "wearing", "looking", "flying", "swimming", "driving", "sleeping"})
FILLER = {"image", "images", "photo", "photos", "pictures", "containing", "contains", "shot", "shots", "took",
          "captured", "snapped", "am", "i", "i'm", "im",
          "contain", "showing", "show", "shows", "of", "the", "some", "any", "in", "find", "where", "there",
          "is", "are", "at", "least", "a", "an", "me", "my", "our", "their", "his", "her", "its", "your",
          "this", "that", "these", "those", "on", "onto", "into", "inside", "by", "near", "under", "beneath",
          "below", "above", "over", "behind", "beside", "besides", "next", "to", "front", "along", "across",
          "around", "between", "from", "at", "having", "has", "have", "who", "which", "while", "being",
          *_SKIPPED_ACTIONS, "full", "lots",
          "lot", "many", "several", "few", "pair", "one's", "taken", "scene", "view", "day", "somewhere", "out",
          # counts in words where they count nothing ("thousands of stars": the stars are said)
          "numerous", "multiple", "plenty", "dozens", "tons", "loads", "heaps", "handful", "hundreds", "thousands",
          # questions and requests: "what photos have cats", "can you find me dogs"
          "what", "how", "do", "does", "did", "i", "we", "you", "they", "he", "she", "it", "them", "can",
          "could", "would", "will", "get", "got", "give", "want", "see", "look", "for", "like", "just",
          "only", "also", "too", "very", "really", "here", "up", "down", "off", "about", "as", "be", "was",
          "were", "been", "together", "each", "other", "another", "both", "all", "every", "something",
          "everything", "anything",
          "please", "including", "include", "includes", "featuring", "features", "kind", "sort", "type",
          "need", "depicting", "depicts", "depict", "portraying",
          "either", "vs", "versus", "pics", "pic", "pix", "photograph", "photographs", "snapshot", "snapshots",
          "snaps", "img", "imgs", "footage", "air",
          "against", "toward", "towards", "through", "past", "among", "upon", "within", "via", "beyond",
          "during", "after", "before", "amid", "alongside", "underneath", "atop", "opposite", "using",
          # where in the photo: "on top of the car", "in the background", "on the left"
          "top", "bottom", "back", "side", "middle", "center", "centre", "corner", "edge", "left", "right",
          "far", "nearby", "background", "foreground", "distance",
          "let", "help", "tell", "us", "myself", "ourselves", "half", "ones",
          "thing", "things", "stuff", "object", "objects", "item", "items"}
# Asking words after which "me"/"us" is who asks, not who is in the photo ("show me dogs")
_ASKING = frozenset({"show", "give", "find", "get", "let", "tell", "help", "send", "bring", "display", "fetch"})
_ME = frozenset({"me", "myself", "us", "ourselves", "we"})
# requests that open a query, some of them vocabulary words too ("display all boats" is no screen)
_REQUESTS = frozenset({"display", "search", "list", "need", "show", "find"})
# How much of the photo the thing named next fills: "mostly sky" at least half of it, "a close-up
# of a cat" (also "closeup", "close up", "macro") at least a fifth, as a portrait's person does
FRAME_SHARE = {"mostly": 0.5, "mainly": 0.5, "largely": 0.5, "closeup": 0.2, "closeups": 0.2, "macro": 0.2}
# "a herd of elephants", "a bunch of bananas": the things, however many
COLLECTIVE = frozenset({"herd", "flock", "bunch", "pile", "stack", "row", "set", "pack", "swarm",
                        "school", "collection", "bouquet", "fleet", "line", "queue", "loaf", "loaves", "slice",
                        "slices", "piece", "pieces", "litter", "pod", "colony", "pride", "convoy", "troop", "gaggle",
                        "brood", "bevy", "drove", "cluster", "bundle", "batch"})
# A place that says how much of something there is ("a sea of people", "a sea of clouds")
_MANY_AS_A_SEA = frozenset({"sea", "ocean"})
# Counts said in words, before an object: "many people" is at least 3 people, "a couple of dogs" at
# least 2; "hundreds of people" at least 6; the nouns ("lots", "a couple", "dozens"...) count only
# with "of". Before stuff or a scene ("lots of grass", "many beaches") they mean nothing a network
# can count and are left aside.
VAGUE_COUNTS = {"several": 3, "many": 3, "numerous": 3, "multiple": 2, "few": 2, "couple": 2, "pair": 2, "lots": 3,
                "lot": 3, "plenty": 3, "dozens": 3, "tons": 3, "loads": 3, "heaps": 3, "handful": 2,
                "hundreds": 6, "thousands": 6}
_COUNT_NEEDS_OF = frozenset({"couple", "pair", "lots", "lot", "plenty", "dozens", "tons", "loads", "heaps", "handful",
                             "hundreds", "thousands"})
NOT_WORDS = ("not", "no", "without", "except", "excluding", "!")
# Words for what no network of segsearch sees (sizes, ages, looks, times of day, seasons,
# weather, occasions, places and actions named as nouns): skipped like filler, and reported by
# `ignored_words` so that the user is told what the search did not look for. Colour words among them
# colour the object after them ("a red car", `_Parser._colour_of_a_thing`) and are left out
# elsewhere. A vocabulary word is never one of them ("orange" is the fruit, but for colouring).
UNINDEXED = frozenset({
    "red", "blue", "green", "yellow", "black", "white", "brown", "grey", "gray", "pink", "purple", "golden",
    "silver", "colorful", "colourful", "dark", "bright", "big", "large", "small", "little", "tiny", "huge",
    "giant", "flat", "tall", "short", "long", "old", "young", "new", "cute", "happy", "sad", "beautiful", "pretty",
    "funny", "nice", "lovely", "adorable", "smiling", "wet", "dry", "empty", "busy", "sunny", "cloudy",
    "modern", "vintage", "wooden", "metal", "plastic", "fluffy", "furry", "hungry", "sleepy", "wild",
    "sunset", "sunrise", "night", "nighttime", "evening", "morning", "dusk", "dawn", "rainy", "foggy",
    "misty", "stormy", "winter", "summer", "autumn", "spring", "fall", "afternoon", "midnight", "noon",
    "hot", "cold", "warm", "iced", "frozen",  # temperatures: "hot" is a slip from hat ("hot dog" stays a word)
    # weather, occasions and the photograph itself: several are a slip away from a vocabulary word
    # (rain/train, fog/dog, match/mat), so they are listed rather than left to did-you-mean
    "rain", "raining", "fog", "mist", "storm", "thunderstorm", "lightning", "wind", "windy", "sun",
    "sunshine", "sunlight", "shadow", "shadows", "shade", "weather", "overcast", "party", "wedding",
    "birthday", "holiday", "holidays", "vacation", "trip", "picnic", "festival", "concert", "parade",
    "ceremony", "celebration", "christmas", "xmas", "halloween", "graduation", "race", "tournament", "match",
    "game", "event", "weekend", "fun", "close", "closeup", "aerial", "macro", "blurry", "blurred",
    "reception", "anniversary", "prom", "reunion", "baptism", "christening", "funeral", "honeymoon", "carnival",
    "gala", "banquet", "feast", "conference", "seminar", "lecture", "recital", "rehearsal", "performance",
    "exhibition", "competition",
    # how the photo was taken or looks: several are a slip from a vocabulary word (bokeh/bike, flash/flask)
    "bokeh", "hdr", "flash", "silhouette", "vibrant", "pastel", "exposure", "focus", "grainy", "overexposed",
    "underexposed", "sharp", "candid", "posed", "glossy", "matte", "faded", "saturated",
    "famous", "favourite", "favorite", "station", "market", "shop", "store", "mall",
    "museum", "school", "hospital", "hotel", "vet", "snowy", "supermarket", "bakery", "pharmacy", "grocery",
    "gallery", "university", "college", "campus", "factory", "warehouse", "studio", "office building",
    # famous places: several are a slip from a vocabulary word (york/fork, paris/parks, rome/home)
    "paris", "london", "york", "tokyo", "rome", "berlin", "venice", "barcelona", "madrid", "amsterdam",
    "prague", "vienna", "sydney", "dubai", "hawaii", "italy", "france", "spain", "japan", "china", "india",
    "mexico", "canada", "usa", "america", "england", "scotland", "ireland", "greece", "egypt", "africa",
    "europe", "asia", "california", "florida", "texas", "vegas", "chicago", "boston", "seattle", "miami",
    "beijing", "moscow", "istanbul", "lisbon", "iceland", "alps", "disney", "disneyland",
    # actions named as nouns ("a skateboarder doing a trick"); trick is a slip from truck
    "trick", "jump", "ride", "walk", "swim", "nap", "pose", "hug", "kiss", "dance", "play", "launch",
    "wide", "narrow", "square", "round", "golf", "aquarium", "rodeo", "class", "hunt", "ferris", "easter",
    "line", "lines", "row", "rows", "sepia", "rainbow", "dressed",
    # when, beyond what the date filters read (a year, `DATE_SPANS`)
    "year", "years", "month", "months", "week", "weeks", "ago", "recent", "recently", "latest", "decade",
    "last", "previous", "earlier", "later", "video", "videos", "january", "february", "march", "april", "may",
    "june", "july", "august", "september", "october", "november", "december",  # a month of any year: left out
    "colour", "color",  # "what colour is the car", "photos in colour"
    "newest", "newer", "oldest", "older", "earliest", "first",  # `ORDER_WORDS`; "newest first"
    "eve", "fireworks", "firework", "marathon",  # "christmas eve", "new year's eve fireworks"
    "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties",  # ages
    "alone", "solo", "lonely", "quiet", "peaceful", "calm", "deserted", "packed", "full", "deep", "shallow",
    "open", "closed", "set", "setup", "messy", "tidy", "cozy", "cosy", "cut", "sliced", "fresh", "eat", "ate", "blur",
    "musical", "cinema", "theatre", "theater", "rink", "aurora", "borealis",
    # sports no network sees played (their balls and rackets it does)
    "hockey", "rugby", "lacrosse", "badminton", "karate", "judo", "boxing", "wrestling", "cricket",
    "flea",  # "a flea market", "a dog with fleas": no network sees one
    "first steps", "first step",  # "a baby's first steps": the baby, not stairs
    # cameras: what a photo was taken with is not in it, but its EXIF says it (`CAMERAS`: "photos
    # from my gopro" keeps the gopro's photos); makes of many things ("sony", "samsung") are left out
    # so, too, where they name no camera
    "canon", "nikon", "sony", "fujifilm", "fuji", "olympus", "leica", "gopro", "pentax", "panasonic", "lumix",
    "hasselblad", "polaroid", "kodak", "dji", "samsung", "xbox", "playstation", "nintendo"})
# and their plurals ("shops", "games", "weddings"), but for vocabulary words ("shorts" is clothing),
# and every colour word but those ("navy", "beige"; "orange" is the fruit but for colouring)
UNINDEXED = (UNINDEXED | {p for w in UNINDEXED for p in plural_forms(w) if p not in vocabulary().words}
             | {w for w in COLOUR_WORDS if w not in vocabulary().words})
# Objects no network labels that are a slip from a vocabulary word (candles/candies,
# sunglasses/glasses): left out and named like unknown words, not mistaken for a typo
UNLABELLED = frozenset({"hay", "haystack", "haystacks", "bamboo", "yarn", "wool", "tool", "tools", "hammer",
                        "screwdriver", "wrench", "drill", "rack", "racks",
                        "helicopter", "helicopters", "chopper", "choppers", "kettle", "kettles", "blender",
                        "blenders", "rod", "rods", "puzzle", "vacuum", "vacuums", "hoover", "hoovers",
                        "puzzles", "headphones", "earphones", "camera", "cameras", "tripod", "tripods",
                        "drone", "drones", "smartwatch", "ipad", "ipads", "kindle", "router", "playstation",
                        "xbox", "nintendo", "console", "piano", "pianos", "guitar", "guitars", "violin",
                        "violins", "drum", "drums", "trumpet", "trumpets", "saxophone", "cello", "harp", "flute",
                        "accordion", "ukulele",
                        "candle", "candles", "sunglasses", "helmet", "helmets", "shoe", "shoes",
                        "boot", "boots", "sock", "socks", "ring", "rings", "necklace", "watch", "watches",
                        "wheel", "wheels", "tire", "tires", "rope", "ropes", "net", "nets", "paper", "papers",
                        "balloon", "balloons", "glue", "eyeglasses", "star", "stars", "moon", "planet", "rocket",
                        "rockets",
                        "leash", "leashes", "collar", "tag", "sticker", "tail", "tails", "paw", "paws", "ear",
                        "ears", "nose", "noses", "fur", "whiskers", "mouth", "teeth", "tooth", "horn", "horns",
                        "lip", "lips", "cheek", "cheeks", "eyebrow", "eyebrows", "eyelashes", "chin", "forehead",
                        "mustache", "moustache", "freckles",
                        "wing", "wings", "beak", "trunk", "mane", "feather", "feathers", "claw", "claws", "hoof",
                        "hooves", "antlers", "board", "boards",  # a board: cutting, chess, white... not a surfboard
                        "cane", "canes", "pram", "prams", "teapot", "teapots", "jar", "jars", "jug", "jugs", "pitcher",
                        "pan", "pans",
                        "lid", "lids", "whisk", "vent", "vents", "pipe", "pipes", "wire", "wires", "cable", "cables",
                        "deck", "log", "logs", "root", "roots", "ice", "tablet", "tablets", "pen", "pens", "brush",
                        "map", "maps", "dam", "cave", "caves", "printer", "printers", "sled", "sleds", "sledge",
                        "sneakers", "trainers", "fire", "fires", "campfire", "bonfire", "paint", "cart", "carts",
                        "wagon", "wagons", "hose", "hoses", "tunnel", "tunnels", "hoop", "hoops", "ramp", "ramps",
                        "stroller", "strollers", "pushchair", "pushchairs", "seesaw", "seesaws", "trampoline",
                        "trampolines", "hammock", "hammocks", "snowman", "snowmen", "sandcastle", "sandcastles",
                        "scarecrow", "scarecrows", "turbine", "turbines", "tyre", "tyres", "coop", "coops",
                        "whiteboard", "whiteboards", "icicle", "icicles", "jewelry", "jewellery", "jewels", "jewel",
                        "instrument", "instruments", "musical instrument", "musical instruments", "document",
                        "documents", "receipt", "receipts", "screenshot", "screenshots", "meme", "memes",
                        "equipment", "gear", "supplies", "decoration", "decorations", "ornament", "ornaments",
                        "mailbox", "mailboxes", "postbox", "postboxes", "letterbox", "letterboxes", "torch",
                        "torches", "flashlight", "flashlights", "biro", "biros", "wellies", "wellingtons",
                        "galoshes", "chopsticks", "graffiti", "bbq", "bbqs", "barbecue", "barbecues", "barbeque",
                        "barbeques", "grill", "grills", "northern lights", "southern lights", "aurora", "auroras",
                        "aurora borealis", "milky way", "eclipse", "solar eclipse", "lunar eclipse", "aquarium",
                        "aquariums", "fish tank", "fish tanks", "ladder", "ladders", "shovel", "shovels", "rake",
                        "rakes", "wheelbarrow", "wheelbarrows", "sprinkler", "sprinklers", "pallet", "pallets",
                        "bucket", "buckets", "pail", "pails", "sandbox", "sandboxes", "sandpit", "sandpits",
                        "lawn mower", "lawn mowers", "lawnmower", "lawnmowers", "mower", "mowers", "parachute",
                        "parachutes", "paraglider", "paragliders", "hang glider", "hang gliders", "segway",
                        "segways", "fire pit", "fire pits", "firepit", "firepits", "seashell", "seashells",
                        "sea shell", "sea shells", "shell", "shells", "horseshoe", "horseshoes", "horse shoe",
                        "horse shoes", "dog tag", "dog tags", "snow globe", "snow globes", "paper plane",
                        "paper planes", "paper airplane", "paper airplanes", "cat tree", "cat trees",
                        "scratching post", "scratching posts", "litter box", "litter boxes", "bird bath",
                        "bird baths", "birdbath", "birdbaths", "birdhouse", "birdhouses", "bird house",
                        "bird houses", "doghouse", "doghouses", "dog house", "dog houses", "kennel", "kennels",
                        "cat flap", "cat flaps", "doorbell", "doorbells", "chairlift", "chairlifts", "snowball",
                        "snowballs", "moonlight", "cat bed", "cat beds", "dog bed", "dog beds", "carport",
                        "carports", "earring", "earrings", "swing", "swings", "string", "strings", "sling",
                        "slings", "bobsled", "bobsleds", "bunting", "seed", "seeds", "stick", "sticks",
                        "walking stick", "walking sticks", "rolling pin", "rolling pins", "sewing machine",
                        "sewing machines", "iron", "irons", "broom", "brooms", "mop", "mops", "wallet", "wallets",
                        "sandal", "sandals", "belt", "belts", "bracelet", "bracelets", "speaker", "speakers",
                        "newspaper", "newspapers", "pencil", "pencils", "envelope", "envelopes", "stamp", "stamps",
                        "letter", "letters", "card", "cards", "calendar", "calendars", "globe", "globes", "frame",
                        "frames", "slide", "slides", "firewood", "chimney", "chimneys", "napkin", "napkins",
                        "beehive", "beehives", "hive", "hives", "spectacles", "binoculars", "air conditioner",
                        "air conditioners", "air conditioning", "crayon", "crayons", "board game", "board games"})
# Things made for an animal that no network labels, whose photos mostly show the animal in or on
# them ("a cat tree", "the dog bed"): the animal is searched, and the thing left out and named
# (`_closed_compounds`), rather than their words apart (a cat beside a tree, a dog and a bed)
FOR_AN_ANIMAL = {compound: animal for animal, things in (
    ("cat", ("cat tree", "cat flap", "cat bed")), ("dog", ("dog house", "doghouse", "dog bed")),
    ("bird", ("bird house", "birdhouse", "bird bath", "birdbath"))) for thing in things
    for compound in (thing, *plural_forms(thing))}
# Cameras, as said → the word their EXIF make and model holds (`images.camera_of`, lower case): a
# phone or a camera by its make or name. Said where the photos were taken with one ("photos from my
# iphone", "shot on a pixel", "taken with my canon", "gopro videos"), they keep its photos (the
# search's filter, `query_camera`); elsewhere a phone is the object ("a phone on the table"), and a
# make before a thing describes it ("a sony tv"). Makes that name only cameras do so anywhere.
# A phone said so ("photos from my phone") is any make of phones.
_PHONE_MAKES = ("apple", "samsung", "google", "huawei", "xiaomi", "oneplus", "motorola", "nokia", "oppo", "vivo",
                "realme", "honor", "lg", "htc")
CAMERAS: dict[str, tuple[str, ...]] = {
    **{word: (word,) for word in ("iphone", "ipad", "pixel", "samsung", "huawei", "xiaomi", "oneplus", "motorola",
                                  "nokia", "sony", "panasonic", "canon", "nikon", "olympus", "leica", "gopro", "pentax",
                                  "hasselblad", "kodak", "dji", "ricoh")},
    "galaxy": ("samsung",), "samsung galaxy": ("samsung",), "lumix": ("panasonic",), "fujifilm": ("fuji",),
    "fuji": ("fuji",), "google pixel": ("pixel",),
    **{word: _PHONE_MAKES for word in ("phone", "cell phone", "cellphone", "mobile", "mobile phone", "smartphone",
                                       "smart phone")}}
_BRANDED = frozenset(w for w, makes in CAMERAS.items() if makes is not _PHONE_MAKES)  # "on iphone", not "on phone"
_CAMERAS_ONLY = frozenset({"canon", "nikon", "fujifilm", "fuji", "olympus", "leica", "gopro", "pentax", "hasselblad",
                           "lumix", "ricoh"})
_CAMERA_BEFORE = frozenset({"from", "by", "using", "via"})  # "from my iphone", "by the canon"
_CAMERA_ON = frozenset({"on", "with"})  # "shot on a pixel", "on my phone", "with my canon"; not "a man on his phone"
_CAMERA_OWNER = frozenset({"my", "our", "his", "her", "their", "your", "the", "a", "an"})
_SHOOTING = frozenset({"taken", "took", "shot", "captured", "snapped", "photographed", "filmed", "made", "shooting",
                       "filming", "recording", "photographing"})
# Words of a thing lying on or played with by another, after which "on my phone" is the phone in
# the photo ("a cat asleep on my phone"); any other -ing word of doing does the same (`_acts_on`).
_POSED = frozenset({"asleep", "sat", "sits", "lies", "lay", "laid", "perched", "sleeps", "stands", "placed", "left",
                    "curled", "spilled", "spilt", "dropped"})
_CAMERA_MODEL = re.compile(r"[a-z]*\d[a-z0-9-]*")  # "6", "d750", "5d", "a7iii", "hero9"
_CAMERA_NOUNS = ("camera", "cam", "phone", "smartphone")  # "my sony camera", "a samsung phone"
# Words that rank photos by when they were taken ("recent photos", "my oldest pictures"): said
# alone (or with dates or looks) they ask for every photo, newest or oldest first (`date_order`);
# beside things ("old cars") they are left out as any describing word is.
ORDER_WORDS = {"recent": "newest", "recently": "newest", "latest": "newest", "newest": "newest", "new": "newest",
               "newer": "newest", "old": "oldest", "older": "oldest", "oldest": "oldest", "earliest": "oldest"}
# What a container holds when it is a drink ("a bottle of water", "two glasses of red wine", "a cup
# of tea"): the liquid is not seen apart from its container, so the phrase means the container, and
# where the drink's own word names a container too (wine: a wine glass), either of them. Water is
# otherwise a lake or the sea, which a bottle of it must not require.
CONTAINERS = frozenset({"bottle", "cup", "glass", "wine glass", "bowl", "vase"})
HELD_DRINKS = frozenset({"drink", "water", "wine glass", "cup"})
MAX_QUERY_CHARS = 1000
MAX_TOKENS = 200
MAX_DEPTH = 32  # nesting of parentheses and NOTs
MAX_COUNT = 10_000
# The most of one concept a photo's count can reach: the detector keeps at most 100 boxes of a
# class (`models.yolox.decode`); a count asked above it finds no photo, so it is said instead
COUNTABLE = 100
COMPARATORS = {">", ">=", "<", "<=", "="}
_CENTURY = r"(?:18|19|20)"  # of the years read as dates: 1800 to 2099 (`_YEAR`, `_DECADE`)
# a token: an operator, a decade ("1990s", "30s", one token: `_DECADE`, `_AGE`), a number, a word
# a number joined to letters or to words by hyphens ("the 2nd floor", "4k", "35mm", "a 2-story
# house", "a 5-year-old") is one describing word (`_NUMBERED`), not a count and a negation ("dog -cat")
_TOKEN = re.compile(rf"\s*(>=|<=|[()><=,&|!%]|{_CENTURY}?\d0s(?![\w'])|\d+(?:[a-z]+|-[a-z]+)(?:-[a-z]+)*"
                    r"|\d+(?:\.\d+)?|[^\s()><=,&|!%]+)")
_NUMBERED = re.compile(r"\d+(?:[a-z]+|[-\u00a0][a-z]+)(?:-[a-z]+)*")  # \u00a0: a measure typed spaced (`_measures`)


@dataclass(frozen=True)
class Term:
    class_name: str
    count_op: str = ">="
    count: int = 1
    area_op: str | None = None
    area: float | None = None  # fraction of the image, 0..1
    colour: str | None = None  # one of `colours.COLOURS`: `colours.DESCRIBES` of a segment of it, or more, is this

    @property
    def at_least_one(self) -> bool:
        """The count asks for at least one, said or not ("dogs", "> 0 dogs")."""
        return (self.count_op, self.count) in ((">=", 1), (">", 0))

    @property
    def none(self) -> bool:
        """The term asks for none of its concept, at any size ("no dogs", "0 dogs", "fewer than 1 dog")."""
        return (self.count_op, self.count) in (("=", 0), ("<", 1), ("<=", 0)) and self.area_op is None

    @property
    def unnarrowed(self) -> "Term | None":
        """The thing alone where the term asks for some of it and narrows them by a count, a size
        or a colour ("dog" of "at least 2 dogs", "car" of "a red car" and of "car > 10%"); None
        where it asks for no more than the thing, or allows none of it ("fewer than 3 dogs")."""
        some = self.count >= 1 if self.count_op in (">=", "=") else self.count_op == ">"
        narrowed = not self.at_least_one or self.area_op is not None or self.colour is not None
        return Term(self.class_name) if some and narrowed else None

    def __str__(self) -> str:
        name = f"{self.colour} {self.class_name}" if self.colour else self.class_name
        text = name if (self.count_op, self.count) == (">=", 1) else f"{self.count_op}{self.count} {name}"
        return text + (f" {self.area_op} {self.area * 100:g}%" if self.area_op and self.area is not None else "")


@dataclass(frozen=True)
class And:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    item: "Node"


Node = Union[Term, And, Or, Not]
# What a query of filters alone asks for ("black and white photos", "photos from 2019"): no
# condition; the photos the filters it says keep (dates `query_dates`, black and white `query_looks`)
EVERY_PHOTO = And(())


# words that negate: "don't", "neither cats nor dogs" (nor: and not), "minus"
_NEGATIONS = re.compile(r"\b(?:don't|doesn't|isn't|aren't|won't|dont|doesnt|isnt|arent|neither|never|minus)\b")
_NOR = re.compile(r"\bnor\b")
_NOBODY = re.compile(r"\b(?:nobody|no one|no-one|noone)\b")  # "a beach with nobody": no people
# "anything but cats", "anywhere but the beach": not; "nothing but water" is only water, as "just"
_ALL_BUT = re.compile(r"\b(?:anything|everything|all|anywhere|everywhere)\s+(?:but|except|other than)\b")
_NOTHING_BUT = re.compile(r"\bnothing\s+(?:but|except)\b")
_ALTERNATIVES = re.compile(r"\band\s*/\s*or\b|/")  # "cats and/or dogs", "dog/cat": or
_WITH_SHORT = re.compile(r"\bw/(o\b)?")  # "w/ friends", "w/o people": with, without
_MOST_RECENT = re.compile(r"\bmost\s+(?=recent\b)")  # "the most recent photos": recent (`ORDER_WORDS`)
# a decade in two digits or in words after "the" or an apostrophe ("the 90s", "'90s", "the
# nineties"): written in four ("1990s", a date: `_DECADE`); 00-20 are this century's. Elsewhere it is
# an age ("a man in his 30s", "in her fifties": `_AGE`), left out as a look
# A date written in numbers: year first ("2019-07-04", "2019/07", "2019.07.04", ISO's order), or a
# day and a month before the year ("25/12/2019", "12/25/2019"), read in the one order that makes
# a date, or a month before it ("10/2019"); said as words ("july 4 2019") for the parser's dates
# (`_numeric_date`)
_NUMERIC_DATE = re.compile(r"(?<![\w.:/-])(?:(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?|(\d{1,2})[/.](\d{1,2})[/.](\d{4})"
                           r"|(\d{1,2})/(\d{4}))(?![\w:/-]|\.\d)")
_TWO_DIGIT_DECADE = re.compile(r"(?:(?<=\bthe )|')'?(\d)0s\b")
_DECADE_WORDS = re.compile(r"(?<=\bthe )(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b")
_DECADE_NUMBERS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                   "eighties": 8, "nineties": 9}

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")  # the comma of "1,000": one number
# "kids playing at home", "working from home": inside, where one is; "home" alone ("my home") is the house
_AT_HOME = re.compile(r"\b(?:at|from) home\b")
_THE_ONE = re.compile(r"\b(?:the|that|this) ones?\b(?!\s+(?:of|or)\b)")  # "the one with the umbrella": the photo
_JOINED_BY_PLUS = re.compile(r"(?<=[a-z])\+(?=[a-z])")  # "dog+cat": and
_TAGGED = re.compile(r"(?<![^\s(])[#@](?=[a-z])")  # "#beach", "@home": the word
_CONTRACTIONS = re.compile(r"'(?:s|m|re|ve|ll|d)\b")  # "a dog's bed", "i'm looking for"
# a body part after a possessive belongs to its owner: "a cat's face" is a cat, not a cat and a person
_OWNED_PART = re.compile(r"'s\s+(?:" + "|".join(sorted(BODY_PART_WORDS, key=len, reverse=True)) + r")\b")
# a possessive: "my kid's bedroom", "the kids' toys" (`_owners`); its mark survives the punctuation
_POSSESSIVE = re.compile(r"\b([a-z]+?)(s?)'(s?)(?=\s)")
_OWNER_MARK = "\u2019"  # ’, which `tokenize` reads as ' before this pass
# words before 's that own nothing: "it's a dog", "there's snow", "what's in the kitchen". "someone's"
# and "everyone's" own what a vocabulary word after them says ("someone's car": the car, not a person
# too), and are the people where none does ("everyone's on the beach", `_owners`)
_NOT_OWNERS = frozenset({"it", "that", "there", "here", "what", "who", "where", "he", "she", "let", "this",
                         "everything", "something", "nothing", "one"})
# sentence punctuation: question marks, full stops (not decimal points), quotes, colons
_PUNCTUATION = re.compile(r"[?;:\"“”‘`']|(?<!\d)\.|\.(?!\d)")


def _decade(tens: int) -> str:
    """A decade said in two digits or in words, in four ("1990s"; `_TWO_DIGIT_DECADE`)."""
    return f"{2000 + 10 * tens if tens <= 2 else 1900 + 10 * tens}s"


# a bound said with a number in words after "a" ("under a dozen birds", "more than a couple of
# dogs"): that number, which the bound then takes as any other
_SAID_NUMBERS = {"dozen": "12", "couple": "2", "few": "3", "handful": "5"}
_BOUND_BY_WORDS = re.compile(r"\b(than|under|over|below|above|up to|at most|at least)\s+a\s+(dozen|couple|few|handful)"
                             r"(?:\s+of)?\b")
_DASHED_RANGE = re.compile(r"(?<=\d)\s*[\u2012-\u2015]\s*(?=\d)")  # figure, en and em dashes between numbers


def _foreign(word: str) -> bool:
    """A word in another script than Latin ("猫", "город"): no slip of an English word."""
    return word[:1].isalpha() and not word[:1].isascii()


def _unaccented(text: str) -> str:
    """Latin letters without their accents ("café", "naïve", "jalapeño"): the vocabulary is
    written without them. Other scripts and symbols stay as typed."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    kept = [c for i, c in enumerate(decomposed) if not (unicodedata.combining(c) and i and
                                                        decomposed[i - 1].isascii() and decomposed[i - 1].isalpha())]
    return unicodedata.normalize("NFC", "".join(kept))


def tokenize(text: str) -> list[str]:
    """Lower-case tokens of a query as people type it: sentence punctuation dropped ("cats?"),
    possessives and contractions read as the word ("a dog's bed", "i'm"), negations as not ("don't",
    "neither cats nor dogs", "dog -cat"), "/" and "and/or" as or, a final "!" or "," dropped (inside a
    query "!" is NOT), doubled operators ("&&") as one, and hyphenated words that are not vocabulary
    words split ("snow-covered"); then lists ("cats, dogs, or birds") joined by their last conjunction
    (`_lists`)."""
    text = _unaccented(emoji_as_words(text).strip().lower().replace("’", "'"))  # "café" is cafe
    text = text.replace("_", " ")  # "cat_on_sofa", as files and tags are named
    text = _THOUSANDS.sub("", text.replace("≥", ">=").replace("≤", "<="))  # "≥2 dogs", "1,000 people"
    text = _THAN_A_DATE.sub(lambda m: "before" if m.group(1) else "after", text)
    text = _NEGATIONS.sub(" not ", _ALL_BUT.sub(" not ", _NOTHING_BUT.sub(" only ", text)))
    text = _MOST_RECENT.sub("", _WITH_SHORT.sub(lambda m: " without " if m.group(1) else " with ", text))
    text = _NUMERIC_DATE.sub(_numeric_date, text)
    text = _TWO_DIGIT_DECADE.sub(lambda m: _decade(int(m.group(1))), text)
    text = _DECADE_WORDS.sub(lambda m: _decade(_DECADE_NUMBERS[m.group(1)]), text)
    text = _TAGGED.sub("", _JOINED_BY_PLUS.sub(" and ", text)).replace("half a dozen", "six")
    text = _BOUND_BY_WORDS.sub(lambda m: f"{m.group(1)} {_SAID_NUMBERS[m.group(2)]}", text)
    text = _AT_HOME.sub(" indoors ", _THE_ONE.sub(" ", text))
    text = _ALTERNATIVES.sub(" or ", _NOR.sub(" and not ", _NOBODY.sub(" no people ", text)))
    text = _POSSESSIVE.sub(_possessive_marked, _OWNED_PART.sub(" ", text))
    text = _PUNCTUATION.sub(" ", _CONTRACTIONS.sub(" ", text)).rstrip(" !,")
    text = _DASHED_RANGE.sub("-", text)  # "2–3 dogs", "2019 — 2021": a range, as with a hyphen
    tokens: list[str] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or not m.group(1):
            break
        token = m.group(1).lstrip("+")  # "+dog +cat": required, as every term is
        if re.fullmatch(r"-[a-z].*", token):  # "dog -cat": without
            tokens.append("not")
            token = token[1:]
        if re.fullmatch(r"[1-9]000*s", token) and re.match(r"\s+of\b", text[m.end():]):  # "100s of birds"
            token = "hundreds" if len(token) == 4 else "thousands"
        if re.fullmatch(r"-\d+", token) and tokens and tokens[-1].isdigit() and not text[m.start(1) - 1].isspace():
            # a range typed with a hyphen: "2019-2021" from one year to the other, "2-3 dogs" two to three
            tokens.append("to")
            token = token[1:]
        if "-" in token and token not in vocabulary().words and not re.fullmatch(r"-\d+(?:\.\d+)?", token) \
                and not _NUMBERED.fullmatch(token):
            tokens += [part for part in token.split("-") if part]
        elif token:
            tokens.append(token)
        pos = m.end()
    while tokens and tokens[0] == ",":
        tokens.pop(0)
    tokens = [_ABBREVIATED.get(token) or _grammar_slip(token) for token in tokens]
    return _alternatives_first(_lists(_peopled_places(_worn_glasses(_pet_animals(_groups_of(_both(_pronouns_as_people(
        _owners(_parts_of_things(_closed_compounds(_request(_ones(_worn_colours(_coloured_things(_colours_after(
            _measures(_ages(_bounds_said_after(_airliners(tokens))))))))))))))))))))


# Little words typed with two letters swapped ("teh", "adn", "wiht"), read as meant: they join the
# things said, and a did-you-mean from the vocabulary ("tea", "dad") would be wrong. Not "not",
# whose slips ("ont") are likelier a space slipped ("ont he sofa"), and would turn a thing around
_GRAMMAR_SLIPS = {word[:i] + word[i + 1] + word[i] + word[i + 2:]: word
                  for word in ("the", "and", "with", "without", "from") for i in range(len(word) - 1)
                  if word[i] != word[i + 1]}


# Words shortened as people type them in chats ("3 ppl", "dog pics pls")
_ABBREVIATED = {"ppl": "people", "pls": "please", "plz": "please"}


def _grammar_slip(token: str) -> str:
    """`token`, or the little word it mistypes (`_GRAMMAR_SLIPS`) where it is no word of its own
    ("form" is a form, not a mistyped from)."""
    meant = _GRAMMAR_SLIPS.get(token)
    if meant is None or token in vocabulary().words or english_count(token) >= WORD_OF_ITS_OWN:
        return token
    return meant


# An age in years, months, weeks or days ("a 3 year old", "my 5-year-old", "a two-month-old baby"):
# one token, `N-unit-old`, which the parser reads as a child where nothing follows it to describe
# ("a 3 year old on a bike") and leaves out before a person ("a 10 month old baby"); no network sees
# an age, and the number counts nothing
_AGED = re.compile(r"\d{1,3}-(?:year|month|week|day)-old")


_AGE_UNITS = {"year": "year", "years": "year", "month": "month", "months": "month", "week": "week", "weeks": "week",
              "day": "day", "days": "day"}


def _number_said(said: str) -> str:
    return said if _NUMERAL.fullmatch(said) else str(NUMBER_WORDS[said])  # "3", "1.5", "three"


def _aged_words(said: list[str]) -> bool:
    """Whether words say an age: a number, a unit of time, "old"."""
    return (len(said) == 3 and (said[0].isdigit() and len(said[0]) <= 3 or said[0] in NUMBER_WORDS)
            and said[1] in _AGE_UNITS and said[2] in ("old", "olds"))


def _ages(tokens: list[str]) -> list[str]:
    """Each age said ("3 year old", "5-year-old", "two months old"; "two-month-old" arrives split)
    as one `_AGED` token."""
    out = list(tokens)
    for i in range(len(out) - 1, -1, -1):
        joined = _NUMBERED.fullmatch(out[i]) is not None
        said = out[i].split("-") if joined else out[i:i + 3]
        if _aged_words(said):
            out[i:i + (1 if joined else 3)] = [f"{_number_said(said[0])}-{_AGE_UNITS[said[1]]}-old"]
    return out


def _singular_noun(token: str | None, unseen: bool = False) -> bool:
    """Whether a token may be a noun said once: a vocabulary word that is no plural, or an unknown
    word that does not end in s; no grammar word, colour or action, and no word no network sees
    unless `unseen` (a "hotel" is a noun, but "big" is among them too)."""
    if token is None or not re.fullmatch(r"[a-z]+", token) or token in FILLER or token in RESERVED \
            or token in UNINDEXED and not unseen or token in COLOUR_WORDS or action_word(token):
        return False
    return token not in vocabulary().plurals if token in vocabulary().words else not token.endswith("s")


_BOUND_WORDS = {"max": "most", "maximum": "most", "min": "least", "minimum": "least"}


def _bounds_said_after(tokens: list[str]) -> list[str]:
    """Bounds of a count said around it as people type them, in the order the parser reads: "max 3
    people", "a minimum of 2 dogs" (at most, at least), and after the things counted, "3 people or
    more", "2 dogs or fewer", "4 people max" (before them: "3 or more people", "at most 4 people").
    After the things, the word ends the query or their part of it ("2 dogs or more cats" is left
    as said)."""
    out = list(tokens)
    i = 0
    while i < len(out):
        if out[i] in _BOUND_WORDS and i + 1 < len(out):
            j = i + 2 if out[i + 1] == "of" else i + 1
            if j < len(out) and _is_number(out[j]):
                out[i:j] = ["at", _BOUND_WORDS[out[i]]]
        elif _is_number(out[i]) and (n := vocabulary_run(out, m := _past_colours(out, i + 1))):
            j = m + n  # after the things counted: "or more" ("3 people or more"), or "max" ("4 people max")
            if out[j:j + 1] == ["or"] and out[j + 1:j + 2] in (["more"], ["fewer"], ["less"]):
                moved, k = [out[i], "or", out[j + 1]], j + 2  # "3 or more people"
            elif j < len(out) and out[j] in _BOUND_WORDS:
                moved, k = ["at", _BOUND_WORDS[out[j]], out[i]], j + 1  # "at most 4 people"
            else:
                moved, k = [], j
            if moved and (k == len(out) or not vocabulary_run(out, k)):
                out[i:k] = moved + out[i + 1:j]
        i += 1
    return out


def _past_colours(tokens: list[str], at: int) -> int:
    """Where the words from `at` stop being colour words ("3 red cars": at "cars")."""
    while at < len(tokens) and tokens[at] in COLOUR_WORDS:
        at += 1
    return at


def _measures(tokens: list[str]) -> list[str]:
    """A number with a noun said once, before another noun said once ("a 24 hour diner", "a 3
    bedroom house", "a 4 person tent", "a 2 door car", "a 5 star hotel"), is a measure of that
    noun as if hyphenated ("24-hour"), one describing word (`_NUMBERED`; its space kept, as
    no-break), not a count: a count takes a plural ("3 dogs", "2 tabby cats", "3 big dogs").
    Years and 1 are no measures."""
    out = list(tokens)
    for i in range(len(out) - 2):
        number = out[i]
        if number.isdigit() and int(number) >= 2 and not _YEAR.fullmatch(number) \
                and _singular_noun(out[i + 1]) and _singular_noun(out[i + 2], unseen=True):
            out[i:i + 2] = [f"{number}\u00a0{out[i + 1]}", ""]  # named as typed, "24 hour"
    return [t for t in out if t]


_JOINS = ("and", "&", ",", "or")


def _colour_run(tokens: list[str], at: int) -> int:
    """How many tokens from `at` say colours ("red", "light blue", "red and white", "red, white, and
    blue", "red or navy blue"), ending on a colour word; 0 for none."""
    end, i = 0, at
    while i < len(tokens):
        i += _colour_modifiers(tokens, i)
        if i >= len(tokens) or tokens[i] not in COLOUR_WORDS:
            break
        i += 1
        end = i - at
        if tokens[i:i + 1] == [","] and tokens[i + 1:i + 2] in (["and"], ["or"]):  # ", and"
            i += 2
        elif i < len(tokens) and tokens[i] in _JOINS:
            i += 1
        else:
            break
    return end


def _colour_heads(said: list[str]) -> list[str]:
    """The colours a run of colour words says (`_colour_run`), each once: each compound's last
    ("navy blue": blue; "red and light blue": red, blue)."""
    return list(dict.fromkeys(COLOUR_WORDS[t] for k, t in enumerate(said) if t in COLOUR_WORDS
                              and not (k + 1 < len(said) and said[k + 1] in COLOUR_WORDS)))


def _colours_after(tokens: list[str]) -> list[str]:
    """A colour typed after its thing, keyword style ("car red", "dress blue", "dog black and
    white", "traffic light red"), moved before it, where it colours the thing: after a thing's
    whole word, the longest vocabulary word there ("traffic light", not its light; nor a colour:
    "light blue"), and where nothing follows that it could colour instead (the end, a join, or a
    word no network sees: "dog black big")."""
    words = vocabulary().words
    out = list(tokens)
    i = 0
    while i < len(out) - 1:
        m = 0 if _colour_run(out, i) else vocabulary_run(out, i)  # "light blue" is a colour, not a blue light
        if not m:
            i += 1
            continue
        n = _colour_run(out, i + m)
        after = out[i + m + n] if i + m + n < len(out) else None
        concept = vocabulary().concepts[words[" ".join(out[i:i + m])]]
        uncoloured = not i or out[i - 1] not in COLOUR_WORDS  # "red car blue": the car has its colour
        if n and uncoloured and concept.kind == "thing" \
                and (after is None or after in _JOINS or after in UNINDEXED and after not in words):
            out[i:i + m + n] = out[i + m:i + m + n] + out[i:i + m]
            i += m + n
            continue
        i += m
    return out


def _coloured_things(tokens: list[str]) -> list[str]:
    """A colour said of no thing in particular is said of any thing (`vocabulary.ANY_THING`):
    "something red", "red things", "anything blue", and a query of colours alone ("red", "light
    blue"); "black and white" alone is how the photo looks, not a colour (`_Parser._black_and_white`)."""
    run = _colour_run(tokens, 0)
    if run and run == len(tokens) and tokens not in (["black", "and", "white"], ["black", "&", "white"]) \
            and tokens[-1] not in HAIR_COLOURS:  # "blonde" alone is someone's hair
        return tokens + [ANY_THING]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] in ("something", "anything", "everything") and (n := _colour_run(tokens, i + 1)):
            out += tokens[i + 1:i + 1 + n] + [ANY_THING]  # "something red": a red thing
            i += 1 + n
            continue
        if (n := _colour_run(tokens, i)) and i + n < len(tokens) and tokens[i + n] in THING_WORDS:
            out += tokens[i:i + n] + [ANY_THING]  # "red things"
            i += n + 1
            continue
        out.append(tokens[i])
        i += 1
    return out


_WEARING = ("in", "wearing", "wears", "dressed")


def _worn_colours(tokens: list[str]) -> list[str]:
    """A colour a person is in, with nothing after it to colour, is their clothes' ("a woman in red",
    "a man wearing light blue", "kids dressed in white and blue"): the word "clothes" is put after
    it, so that it colours what they wear (`_Parser._worn`). Only after a word for a person a few
    words before: "a car in red" keeps its colour left out."""
    words = vocabulary().words
    out: list[str] = []
    i = 0
    while i < len(tokens):
        out.append(tokens[i])
        if tokens[i] in _WEARING and any(words.get(t) == "person" for t in tokens[max(0, i - 4):i]):
            start = i + 1 + (tokens[i] == "dressed" and i + 1 < len(tokens) and tokens[i + 1] == "in")
            j = start + _colour_run(tokens, start)
            if j > start and (j == len(tokens) or tokens[j] in AND_WORDS + (
                    "or", "|", ")", "at", "on", "by", "near", "next", "in", "with", "without")):
                out += tokens[i + 1:j] + ["clothes"]
                i = j
                continue
        i += 1
    return out


def _ones(tokens: list[str]) -> list[str]:
    """"one" after a describing word stands for a thing said before it: "two black dogs and a white
    one" is a white dog, "a red car and a blue one" a blue car (the nearest vocabulary word before,
    of up to `max_words` tokens); with none ("the red one", "a big one") it is no count, and left
    out with the word before it."""
    words = vocabulary().words
    out: list[str] = []
    for i, t in enumerate(tokens):
        if t not in ("one", "ones") or not i or tokens[i - 1] not in UNINDEXED:
            out.append(t)
            continue
        for end in range(i - 1, 0, -1):  # the thing said last before the describing word
            said = next((tokens[start:end] for start in range(max(0, end - vocabulary().max_words), end)
                         if " ".join(tokens[start:end]) in words and tokens[end - 1] not in FILLER), None)
            if said:
                out += said
                break
    return out


def _request(tokens: list[str]) -> list[str]:
    """The query less a request that opens it ("display all boats", "search for bicycles", "list
    photos with umbrellas", "need a photo of a bus"): a request verb before a filler word is who
    asks ("display screens" keeps its screens)."""
    if len(tokens) > 1 and tokens[0] in _REQUESTS and (tokens[1] in FILLER or tokens[1] in _DETERMINERS):
        return tokens[1:]
    return tokens


def _acts_on(word: str) -> bool:
    """Whether `word`, said before "on my phone" or "with my iphone", makes the phone a thing in the
    photo rather than the camera: a word of lying or sitting (`_POSED`), or a word of doing in -ing
    ("sleeping", "chewing", "playing") that names no thing ("building"), no time ("morning") and no
    filming ("shooting", `_SHOOTING`)."""
    return word in _POSED or (word.endswith("ing") and not word.endswith("thing") and word not in _SHOOTING
                              and word not in UNINDEXED and not vocabulary_run([word], 0))


def vocabulary_run(tokens: list[str], at: int) -> int:
    """How many tokens from `at` make the longest vocabulary word (up to `max_words`), 0 for none."""
    vocab = vocabulary()
    for n in range(vocab.max_words, 0, -1):
        words = tokens[at:at + n]
        if len(words) == n and all(re.match(r"[a-z]", w) for w in words) and " ".join(words) in vocab.words:
            return n
    return 0


_AIRLINERS = frozenset({"707", "717", "727", "737", "747", "757", "767", "777", "787"})
_NAMING = frozenset({"a", "an", "the", "my", "our", "that", "this", "his", "her", "their"})


def _airliners(tokens: list[str]) -> list[str]:
    """An airliner named by its number after an article ("a 747", "the 737 at the gate") is an
    airplane, not a count, unless a thing to count follows ("the 747 people"); after its make ("a
    boeing 787") the number names the make's airplane (`_Parser._number_names`)."""
    out = list(tokens)
    for i, token in enumerate(out):
        if token in _AIRLINERS and i and out[i - 1] in _NAMING and not thing_at(out, i + 1):
            out[i] = "airplane"
    return out


def _vocabulary_words(tokens: list[str]) -> list[str]:
    """The vocabulary words of `tokens` as the parser reads them, longest first (`vocabulary_run`):
    "a snow plow in the snow" → ["snow plow", "snow"]."""
    found, at = [], 0
    while at < len(tokens):
        n = vocabulary_run(tokens, at)
        if n:
            found.append(" ".join(tokens[at:at + n]))
        at += n or 1
    return found


def concept_at(tokens: list[str], at: int) -> Concept | None:
    """The concept of the longest vocabulary word from `at` (`vocabulary_run`), None for none."""
    n = vocabulary_run(tokens, at)
    return vocabulary().concepts[vocabulary().words[" ".join(tokens[at:at + n])]] if n else None


def thing_at(tokens: list[str], at: int) -> bool:
    """Whether a vocabulary word of a thing (not a scene) begins at `at` (`concept_at`)."""
    concept = concept_at(tokens, at)
    return concept is not None and concept.kind == "thing"


def _possessive_marked(m: re.Match[str]) -> str:
    """A possessive ("kid's", "kids'") kept as one token with `_OWNER_MARK` for `_owners`; "'s"
    after a word that owns nothing ("it's") is left to the contractions."""
    owner = m.group(1) + m.group(2)
    if owner in _NOT_OWNERS or not (m.group(2) or m.group(3)):
        return m.group(0)
    return owner + _OWNER_MARK + m.group(3)


def _parts_of_things(tokens: list[str]) -> list[str]:
    """A body part said right after a thing, or before "of" and a thing, is a part of that thing,
    not a person: "a clock face", "a dog face", "a table leg", "the face of a clock", "a head of
    broccoli" (as "a cat's face" is the cat's: `_OWNED_PART`). Said alone or after another word
    ("a face", "a cat and a face", "on my lap") it is still a person's."""
    out = list(tokens)
    for i in range(len(out) - 1, -1, -1):
        if out[i] not in BODY_PART_WORDS:
            continue
        after = i + 2
        while after < len(out) and out[after] in _DETERMINERS:
            after += 1
        owned = i and out[i - 1] not in COLOUR_WORDS  # not "orange hair", a colour of the part
        if owned and any(vocabulary_run(out, j) == i - j for j in range(max(0, i - 3), i)):
            del out[i]  # "a clock face"
        elif out[i + 1:i + 2] == ["of"] and vocabulary_run(out, after):
            del out[i:i + 2]  # "the face of a clock"
    return out


def _owners(tokens: list[str]) -> list[str]:
    """Whose something is, said before it, is not in the photo to be found: "my kid's bedroom" is
    a bedroom, "dad's car" a car, "the kids' toys" toys, and the owner is left out and named. Where
    no vocabulary word follows (after describing words: "grandma's old kitchen"), the owner is the
    thing asked for ("my friend's wedding": the friend)."""
    out = list(tokens)
    words = vocabulary().words
    for i, token in enumerate(out):
        if _OWNER_MARK not in token:
            continue
        j = i + 1
        while j < len(out) and out[j] in UNINDEXED and out[j] not in words:
            j += 1
        if not vocabulary_run(out, j):
            out[i] = token.split(_OWNER_MARK)[0]
    return out


def owner_word(token: str) -> bool:
    """A token `_owners` kept as whose something is ("kid’s"), or the word it leaves out ("kid's"):
    no other token keeps an apostrophe."""
    return _OWNER_MARK in token or "'" in token


# Where emoji live (pictographs, dingbats, ⌚ and ⏰, flags' letters); other symbols (© "copyright
# sign", ™, arrows, technical and game symbols) are typography, not things in a photo
_EMOJI_BLOCKS = ((0x231A, 0x231B), (0x23F0, 0x23F3),  # ⌚ ⌛ ⏰ ⏳, not the media keys
                 # miscellaneous symbols and dingbats, without the ballot boxes, trigrams, chess
                 # pieces, card suits, draughts and dingbat bars
                 (0x2600, 0x260F), (0x2613, 0x262F), (0x2638, 0x2653), (0x2668, 0x26BF), (0x26C4, 0x2757),
                 (0x275B, 0x27BF), (0x2B50, 0x2B55), (0x1F1E6, 0x1F1FF),
                 # pictographs, emoticons, transport, supplemental pictographs (not the ornamental
                 # leaves, alchemy, geometric shapes, arrows or chess between them)
                 (0x1F300, 0x1F64F), (0x1F680, 0x1F6FF), (0x1F900, 0x1F9FF), (0x1FA70, 0x1FAFF))
_FLAG_LETTERS = (0x1F1E6, 0x1F1FF)  # a pair of regional indicators is a country's flag


def _emoji_symbol(ch: str) -> bool:
    return unicodedata.category(ch) == "So" and any(lo <= ord(ch) <= hi for lo, hi in _EMOJI_BLOCKS)


def emoji_name(token: str) -> str:
    """What an emoji token is called, for notes: 🔥 "fire", 🇫🇷 "flag"."""
    if _FLAG_LETTERS[0] <= ord(token[0]) <= _FLAG_LETTERS[1]:
        return "flag"
    return unicodedata.name(token[0], "emoji").lower()


def emoji_as_words(text: str) -> str:
    """Each emoji (with its modifiers: skin tones, variation selectors, joined sequences, a flag's
    second letter) as the word it stands for (`emoji_word`: "🐱 on the 🛋️" is a cat on the couch),
    else as a token apart that is left out and named (`emoji_name`) like an unknown word."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if not _emoji_symbol(text[i]):
            out.append(text[i])
            i += 1
            continue
        j = i + 1
        flag = _FLAG_LETTERS[0] <= ord(text[i]) <= _FLAG_LETTERS[1]
        if flag and j < len(text) and _FLAG_LETTERS[0] <= ord(text[j]) <= _FLAG_LETTERS[1]:
            j += 1
        while j < len(text) and (text[j] in "\ufe0f\u20e3\u200d" or unicodedata.category(text[j]) == "Sk"
                                 or (text[j - 1] == "\u200d" and _emoji_symbol(text[j]))):
            j += 1
        out.append(f" {(None if flag else emoji_word(text[i:j])) or text[i:j]} ")
        i = j
    return "".join(out)


# Words for people together that a number before counts: each friend is one person, each couple two
_COUNTED_AS_PEOPLE = {"friend": 1, "friends": 1, "couple": 2, "couples": 2}


def _groups_of(tokens: list[str]) -> list[str]:
    """A group of people is a count of people, so a group of something else is that count of it:
    "a group of dogs" is at least 3 dogs (as "a group" is 3 people, "a crowd" 6), "a family of
    ducks" and "an elephant family" at least 3 of the animal, "a family of four" 4 people, "a group
    of 5 dogs" 5 dogs, "five friends" 5 people and "two couples" 4."""
    words = vocabulary().words
    out = list(tokens)
    i = 0
    while i < len(out):
        concept = vocabulary().concepts.get(words.get(out[i], ""))
        size = re.search(r"at least (\d+) people", concept.definition or "") if concept else None
        if size is None:
            i += 1
            continue
        before = vocabulary().concepts.get(words.get(out[i - 1], "")) if i else None
        if i and _is_number(out[i - 1]) and out[i] in _COUNTED_AS_PEOPLE:  # "five friends", "two couples"
            n = int(float(_number_said(out[i - 1]))) * _COUNTED_AS_PEOPLE[out[i]]
            out[i - 1:i + 1] = [str(n), "people"]
            continue
        if out[i + 1:i + 2] == ["of"] and i + 2 < len(out):
            inner = vocabulary().concepts.get(words.get(out[i + 2], ""))
            if inner is not None and inner.kind == "scene" and inner.name not in KINDS_OF_THINGS:
                # "a group of friends": the friends; "a couple of drinks" counts them (`_kind_counted`)
                out[i:i + 2] = []
                continue
            if _is_number(out[i + 2]) and vocabulary_run(out, i + 3):  # "a group of 5 dogs": 5 dogs
                out[i:i + 2] = []
                continue
            out[i:i + 3] = [out[i + 2], "people"] if _is_number(out[i + 2]) else [size[1], out[i + 2]]
        elif before is not None and before.members and _animals_only(before.members):
            out[i - 1:i + 1] = [size[1], out[i - 1]]
        i += 1
    return out


# The little words of the grammar: articles, prepositions, conjunctions, pronouns
_GRAMMAR = frozenset({"a", "an", "the", "in", "on", "at", "to", "of", "by", "or", "and", "as", "is", "are", "am",
                      "be", "it", "its", "us", "me", "my", "her", "his", "no", "not", "so", "with", "for", "do"})


def _numeric_date(m: re.Match[str]) -> str:
    """A date in numbers (`_NUMERIC_DATE`) in words ("2019-07-04" → "july 4 2019"); QueryError
    where it is no date ("2019-13-45") or day and month could be either ("4/7/2019")."""
    if m.group(1):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None
        if day is None and not 1 <= month <= 12:  # "2018-19": two years, as the parser reads them
            return m.group(0)
    elif m.group(7):  # "10/2019"
        year, month, day = int(m.group(8)), int(m.group(7)), None
    else:
        first, second, year = int(m.group(4)), int(m.group(5)), int(m.group(6))
        if first <= 12 and second <= 12 and first != second:
            raise QueryError(f"'{m.group(0)}' could be {_said_day(first, second)} or {_said_day(second, first)} "
                             f"{year}: write {year}-{second:02d}-{first:02d} or {year}-{first:02d}-{second:02d} "
                             "(year, month, day), or the month in words")
        month, day = (first, second) if first <= 12 else (second, first)
    try:
        datetime.date(year, month, day or 1)
    except ValueError:
        raise QueryError(f"'{m.group(0)}' is no day of the calendar: write a date as year, month and day, "
                         "e.g. 2019-07-04") from None
    return f"{MONTH_NAMES[month]} {day} {year}" if day else f"{MONTH_NAMES[month]} {year}"


def _said_day(day: int, month: int) -> str:
    return f"{day} {MONTH_NAMES[month]}"


def _closed_compounds(tokens: list[str]) -> list[str]:
    """A compound typed in two words that the vocabulary (or `UNLABELLED`) writes as one ("tooth
    brush", "sky scraper", "lap top", "sun glasses") is that word; pairs that are words as they are
    ("hot dog") stay, and so does a word beside a little word of the grammar ("a cab in the city",
    "a cart on the street": not a cabin or a carton). A pair `UNLABELLED` names as it is ("northern
    lights", "milky way") is one token, so that no word of it is searched alone (lights), and so
    is one `UNINDEXED` names ("first steps": no stairs); one made
    for an animal (`FOR_AN_ANIMAL`: "a cat tree") follows the animal it names. A word of several
    typed as one ("teddybear", `Vocabulary.closed`) is its words."""
    words = vocabulary().words
    out: list[str] = []
    i = 0
    while i < len(tokens):
        pair = tokens[i:i + 2]
        if len(pair) == 2 and all(t.isalpha() and len(t) > 1 and t not in _GRAMMAR for t in pair) \
                and " ".join(pair) not in words:
            # as typed where `UNLABELLED` names it so, for the line that names it ("a bird house")
            joined = next((j for j in (" ".join(pair), "".join(pair))
                           if j in words or j in UNLABELLED or (" " in j and j in UNINDEXED)), None)
            if joined is not None:
                out += _read_as(joined)
                i += 2
                continue
        out += _read_as(tokens[i])
        i += 1
    return out


def _read_as(token: str) -> list[str]:
    """The tokens a word of the query stands for: a thing made for an animal, itself with the
    animal (`FOR_AN_ANIMAL`: "cat tree" → cat tree with cat); a word of several typed as one, its
    words ("teddybear" → teddy bear, `Vocabulary.closed`); any other, itself."""
    if token in FOR_AN_ANIMAL:
        return [token, "with", FOR_AN_ANIMAL[token]]
    closed = vocabulary().closed
    return closed[token].split(" ") if token in closed else [token]


def _both(tokens: list[str]) -> list[str]:
    """"both" before things named in the plural is two of them ("both dogs", "both kids"), and so
    is "both of us"; before a pair ("both a dog and a cat", "both dogs and cats") it only stresses
    the AND, and elsewhere ("with both hands") it is filler."""
    out = list(tokens)
    for i, token in enumerate(out):
        after = out[i + 1] if i + 1 < len(out) else None
        if token == "both" and after in _plural_words() and after not in BODY_PART_WORDS \
                and (i + 2 == len(out) or out[i + 2] not in AND_WORDS) \
                or token == "both" and out[i + 1:i + 3] == ["of", "person"]:  # "both of us" (`_pronouns_as_people`)
            out[i] = "two"
    return out


@functools.cache
def _plural_words() -> frozenset[str]:
    """The vocabulary's words that are plurals ("dogs", "kids", "people")."""
    words = vocabulary().words
    return frozenset(p for w in words for p in plural_forms(w) if p in words)


def _pronouns_as_people(tokens: list[str]) -> list[str]:
    """"me" and "us" in the photo are people ("photos of me", "me and my dog", "us at the beach",
    "me last year", a query of just "me"); after an asking word ("show me dogs", "let us see")
    they are who asks, and filler. A query asking "who" asks for people ("who was at the party",
    "who is on the boat"); after a thing "who" is filler ("people who are sitting")."""
    out = list(tokens)
    if out[:1] == ["who"] and out[1:2] != ["took"]:  # "who took this photo" asks of the camera, not of people
        out[0] = "person"
    for i, token in enumerate(out):
        if token not in _ME or (i and out[i - 1] in _ASKING):
            continue
        before = out[i - 1] if i else None
        after = out[i + 1] if i + 1 < len(out) else None
        if (before in ("of", "and", "with", "&", ",", "plus", "just", "only") or len(out) == 1
                or after in ("and", "with", "&", ",", "plus", "at", "in", "on", "by", "near", "next", "or")
                or after in _DATE_STARTS  # "me last year"
                or (after is not None and _YEAR.fullmatch(after))):  # "us 2019"
            out[i] = "person"
    return out


# Said before a place, how many people are in it: "an empty beach", "a deserted street" have none,
# "a crowded beach", "a packed stadium" a crowd (`_peopled_places`)
_NO_ONE_IN = frozenset({"empty", "deserted"})
_CROWDS_IN = frozenset({"crowded", "packed", "thronged", "populated"})
_PEOPLE_CONCEPTS = frozenset({"person", "group", "crowd", "portrait"})
_HEDGES = frozenset({"almost", "nearly", "half", "partly"})  # "an almost empty beach": some people


def _peopled_places(tokens: list[str]) -> list[str]:
    """A place said empty or crowded is a place with no people, or with a crowd, as people say
    it: "an empty beach at sunset" reads "a beach with no people at sunset", "a crowded street"
    "a street with a crowd". Only before a place (a scene or stuff: "an empty glass" is a glass,
    "a packed lunch" food), describing words between allowed ("a deserted snowy road"), and not
    after a ranking word ("the least crowded beach" ranks beaches by their people, `count_order`)
    or a negation. Where the query names people too ("a couple on an empty beach": none but
    them), empty is left out."""
    if not any(t in _NO_ONE_IN or t in _CROWDS_IN for t in tokens):  # nearly every query: nothing to read
        return tokens
    out = list(tokens)
    people = any(out[k] in ("couple", "couples") or (c := concept_at(out, k)) is not None
                 and c.name in _PEOPLE_CONCEPTS for k in range(len(out)))
    i = 0
    while i < len(out):
        word = out[i]
        if word not in _NO_ONE_IN and word not in _CROWDS_IN or (word in _NO_ONE_IN and people) \
                or any(w in RANKING_COUNTS or w in NOT_WORDS or (w in _HEDGES and word in _NO_ONE_IN)
                       for w in out[max(0, i - 2):i]):
            i += 1
            continue
        at = i + 1
        while at < len(out) and out[at] in UNINDEXED and out[at] not in _NO_ONE_IN | _CROWDS_IN:
            at += 1
        concept, n = concept_at(out, at), vocabulary_run(out, at)
        if concept is None or concept.kind == "thing" or concept.name in _PEOPLE_CONCEPTS | KINDS_OF_THINGS:
            i += 1
            continue
        said = ["with", "no", "people"] if word in _NO_ONE_IN else ["with", "a", "crowd"]
        out[at + n:at + n] = said
        del out[i]
        i = at + n + len(said) - 1
    return out


_OPENING = frozenset({"photos", "photo", "pictures", "picture", "pics", "images", "image", "of", "show", "me", "find",
                      "any", "all", "some", "with"})  # words that may come before the things a query asks for


def _alternatives_first(tokens: list[str]) -> list[str]:
    """Plain alternatives said as one thing of a query are one operand, as they are said: at its
    start, of the "but", "with", "without", comma or word of place after them ("cats or dogs but no
    people" is (cats or dogs) and no people, "a cat or a dog on a sofa" either of them on it); after
    "with", to the end of the query or such a word ("a man with a cat or a dog": a man, with
    either); and after a word of place, where they are places of what comes before it ("a cat on a
    sofa or a bed", "people on the beach or in the park": the people in either place). By the
    formal grammar AND binds tighter than OR, and the people, the sofa or the man held for one
    alternative alone. Only plain alternatives are grouped (each a thing with its article, colour
    or count: "a red car or a bus"); an explicit "and" keeps the formal reading ("cat or dog and
    person"), and so do "but not both" and, after a word of place, an alternative of the kind of the
    thing placed rather than of its place ("a cat on a sofa or a dog": that cat, or any dog)."""
    i = 0
    while i < len(tokens) and tokens[i] in _OPENING:
        i += 1
    out = _grouped_run(tokens, i, first=True)
    i, depth = 0, 0  # depth: of parentheses before `i`, counted as the loop passes them
    while i < len(out):
        if out[i] in ("with", *_PLACING) and depth == 0:
            placed = None if out[i] == "with" else _placed_before(out, i)
            if out[i] == "with" or placed:
                start = i + 2 if out[i] == "next" and out[i + 1:i + 2] == ["to"] else i + 1  # "next to"
                out = _grouped_run(out, start, first=False, placed=placed)
        depth += {"(": 1, ")": -1}.get(out[i], 0)
        i += 1
    return out


def _grouped_run(tokens: list[str], start: int, first: bool, placed: set[str] | None = None) -> list[str]:
    """`tokens` with the plain alternatives from `start` in parentheses (`_alternatives_first`):
    where there are two or more, followed by "but", "with", "without", a comma or a word of place,
    or (unless `first`) by the end of the query. After a word of place (`placed`: the concepts of
    what it places), each alternative may say its own ("or in the park"); one that does not, of
    the kind of a thing placed and not of the first place, leaves the formal reading."""
    i, alternatives, own_place = start, 0, False
    kinds: list[str] = []
    while i < len(tokens):
        while i < len(tokens) and (tokens[i] in _DETERMINERS or tokens[i] in COLOUR_WORDS or _is_number(tokens[i])):
            i += 1
        n = vocabulary_run(tokens, i)
        if not n and alternatives and i < len(tokens) and _unknown_noun(tokens[i]):  # "a ball or a stick"
            n = 1
        elif not n:
            return tokens
        elif not own_place:
            kinds.append(vocabulary().words[" ".join(tokens[i:i + n])])
        i, alternatives, own_place = i + n, alternatives + 1, False
        if i < len(tokens) and tokens[i] in ("or", "|"):
            i += 1
            if placed is not None and i < len(tokens) and tokens[i] in _PLACING:
                own_place = True
                i += 2 if tokens[i] == "next" and tokens[i + 1:i + 2] == ["to"] else 1
            continue
        break
    after = tokens[i:i + 3]
    ends = not after and not first or bool(after) and (after[0] in ("but", "with", "without", ",")
                                                       or after[0] in _PLACING)
    if alternatives < 2 or not ends or after[1:3] == ["not", "both"]:
        return tokens
    if placed is not None and any(_same_kind(kind, thing) and not _same_kind(kind, kinds[0])
                                  for kind in kinds[1:] for thing in placed):
        return tokens
    return [*tokens[:start], "(", *tokens[start:i], ")", *tokens[i:]]


def _unknown_noun(token: str) -> bool:
    """Whether `token` may be a thing no vocabulary word names, said as one of alternatives ("a
    ball or a stick"), rather than a word of the grammar, a filler, a place or a colour."""
    return token.isalpha() and token not in vocabulary().words and not (
        token in FILLER or token in RESERVED or token in _GRAMMAR or token in NOT_WORDS or token in _PLACING
        or token in _DETERMINERS or token in NUMBER_WORDS or _unseen(token))  # not a make, a look, a colour


def _placed_before(tokens: list[str], at: int) -> set[str]:
    """The concepts of what the word of place at `at` places: the thing said last before it ("a
    cat on ..."), or each of the alternatives grouped before it ("(cats or dogs) on ..."); none
    where no thing comes before it ("photos taken on ...")."""
    j = at - 1
    if j >= 0 and tokens[j] == ")":
        depth, inside = 0, []
        while j >= 0:
            depth += {")": 1, "(": -1}.get(tokens[j], 0)
            inside.append(j)
            if depth == 0:
                break
            j -= 1
        return {c.name for k in inside if (c := concept_at(tokens, k)) is not None}
    for j in range(at - 1, -1, -1):
        if tokens[j] in ("or", "and", "but", "with", "without", ",", "not", "(", "|", "&"):
            return set()
        if (concept := concept_at(tokens, j)) is not None and j + vocabulary_run(tokens, j) <= at:
            return {concept.name}
    return set()


@functools.lru_cache(maxsize=1)
def _kinds_of_things() -> tuple[frozenset[str], ...]:
    """The concepts of each kind of things: a kind said as alternatives ("furniture": sofa or chair
    or ...), or a thing whose labels hold most of other things' ("animal": cat, dog, ...;
    "vehicle": car, bus, motorcycle, whose ADE20K label "minibike" it lacks)."""
    concepts = vocabulary().concepts
    kinds = [frozenset(said.split(" or ")) for k in KINDS_OF_THINGS if (said := concepts[k].definition)]
    for name, concept in concepts.items():
        members = set(concept.members)
        inside = frozenset(other for other, c in concepts.items()
                           if other != name and len(c.members) < len(members)
                           and 2 * len(members.intersection(c.members)) > len(c.members))
        if inside and len(inside) < len(concepts) // 2:  # not "any thing"
            kinds.append(inside | {name})
    return tuple(kinds)


def _same_kind(a: str, b: str) -> bool:
    """Whether concepts `a` and `b` are one thing or of one kind (`_kinds_of_things`): a dog and a
    cat (animals), a car and a bus, a sofa and a bed; not a cat and a sofa."""
    return a == b or any(a in kind and b in kind for kind in _kinds_of_things())


@functools.lru_cache(maxsize=1)
def _animal_labels() -> frozenset[tuple[str, str]]:
    return frozenset(vocabulary().concepts["animal"].members)


def _animals_only(labels: Sequence[tuple[str, str]]) -> bool:
    """Whether every one of a concept's labels is an animal's ("dog", "bird"; not "teddy bear")."""
    return _animal_labels().issuperset(labels)


def _pet_animals(tokens: list[str]) -> list[str]:
    """"pet" before an animal only says whose it is ("a pet rabbit", "pet birds", "my pet dog": the
    animal); alone, "pets" are the animals people keep and photograph (the scene `pet`)."""
    if "pet" not in tokens and "pets" not in tokens:  # nearly every query: nothing to read
        return tokens
    out = list(tokens)
    for i, token in enumerate(out[:-1]):
        if token in ("pet", "pets") and (concept := concept_at(out, i + 1)) is not None \
                and concept.kind == "thing" and _animals_only(concept.members):
            out[i] = ""
    return [token for token in out if token]


def _worn_glasses(tokens: list[str]) -> list[str]:
    """Glasses someone wears ("a man with glasses", "a girl in dark glasses"), a pair of them and
    reading glasses are eyeglasses, which no network labels, not drinking glasses ("a table with
    glasses" stays glasses)."""
    words = vocabulary().words
    out = list(tokens)
    for i, token in enumerate(out):
        if token != "glasses":
            continue
        j = i - 1
        while j >= 0 and out[j] in UNINDEXED:
            j -= 1
        worn_by = j >= 1 and out[j] in ("with", "in") and words.get(out[j - 1]) == "person"
        if j >= 0 and (out[j] in ("wearing", "reading") or worn_by or out[j - 1:j + 1] == ["pair", "of"]):
            out[i] = "eyeglasses"
            if out[j] == "reading" and j == i - 1:  # "reading glasses": one thing, no one reading
                out[j] = ""
    return [token for token in out if token]


def _lists(tokens: list[str]) -> list[str]:
    """A comma list takes its last conjunction: "cats, dogs, or birds" is cats or dogs or birds,
    "cars, buses, and trucks" cars and buses and trucks (a list without one stays AND)."""
    out = list(tokens)
    i = 0
    while i < len(out):
        if out[i] != ",":
            i += 1
            continue
        commas, depth, j, last = [i], 0, i + 1, None
        while j < len(out):
            t = out[j]
            if t == "(":
                depth += 1
            elif t == ")":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and t == ",":
                commas.append(j)
            elif depth == 0 and t in ("and", "&", "or", "|", "but"):
                last = t
                break
            j += 1
        for c in commas:
            out[c] = "or" if last in ("or", "|") else ","
        i = commas[-1] + 1
    joined: list[str] = []
    for t in out:
        if joined and (joined[-1], t) in _ONE_CONJUNCTION:
            joined[-1] = t
        else:
            joined.append(t)
    return joined


# ", and" is "and" (", but", ", with", ", plus" likewise); ", or" (its comma already "or") is "or"
_ONE_CONJUNCTION = {(",", "and"), (",", "&"), (",", "but"), (",", "with"), (",", "plus"), ("or", "or"), ("or", "|"),
                    ("&", "&"), ("|", "|"), ("and", "and")}


AND_WORDS = ("and", "&", ",", "with", "plus", "but")
# Words with a role in the grammar: never skipped as unknown
RESERVED = frozenset({"and", "or", "but", "plus", "with", "at", "least", "most", "more", "than", "fewer", "less",
                      "exactly", *NOT_WORDS, *NUMBER_WORDS})


def action_word(word: str) -> bool:
    """Shaped like an action or a state (grazing, crossing, covered): no network sees those."""
    return len(word) >= 5 and word.endswith(("ing", "ed"))


def skippable_word(word: str, before: str | None = None, after: str | None = None) -> bool:
    """Whether a word that names no concept may be left out of a search, which then says so
    (`unseen_note`): any word more than one typing slip from every vocabulary word ("sheep grazing
    in a field", "the eiffel tower", "a person in a space suit"; the note offers the nearest word,
    "elefant on the grass" → did you mean elephant), and the objects no network labels
    (UNLABELLED), and an action one slip from an activity ("an airplane taking off", not
    baking). A word one slip from a vocabulary word ("dgo", "catt", "buiding") is an error
    with did-you-mean: it is almost surely that word mistyped, and leaving it out would search
    for something else; but not a word of its own ("toad" is no road mistyped: `likely_slip`)
    unless, with the word `before` or `after` it, it mistypes a vocabulary phrase ("traffic
    lite")."""
    if _emoji_symbol(word[0]):  # an emoji for nothing a network sees (`emoji_as_words`)
        return True
    if word in UNLABELLED or _foreign(word):  # "yarn", "northern lights", "東京"
        return True
    if not re.fullmatch(r"[a-z]+", word) or word in RESERVED or word in vocabulary().words:
        return False
    if len(word) == 1:  # a stray letter ("dog x"): too short to say what word it mistypes
        return True
    if word.endswith(_PART_OF):  # "blue-eyed": a look, not a mistyped eye
        return True
    close = vocabulary().suggest(word)
    # an action one slip from an activity word is another verb ("taking" is not "baking")
    if close is None or typing_slips(word, close) > 1 or (action_word(word) and close in ACTIVITIES):
        return True
    # a word of its own is meant as typed ("toad" is no road mistyped), but for a phrase it mistypes
    # ... where it is the phrase's last word ("traffic lite"); before a vocabulary word it describes
    # that word ("a ford truck" is a truck, not a mistyped fire truck)
    return not likely_slip(word, close) and _phrase_slip(
        word, before, None if after in vocabulary().words else after) is None


def _phrase_slip(word: str, before: str | None, after: str | None) -> tuple[str, str] | None:
    """(the two words, the vocabulary phrase) where `word` with the word before or after it
    likely mistypes a phrase of the vocabulary ("traffic lite": traffic light): the phrase is near
    the two words, its other word is the one typed ("lawn mower" is no land rover), and its word in
    place of `word` near `word` as a single word must be (`CLOSE`; "coffee maker" is no coffee
    table)."""
    for phrase, at in [(f"{before} {word}", 1)] * bool(before) + [(f"{word} {after}", 0)] * bool(after):
        close = vocabulary().suggest(phrase)
        said = close.split() if close is not None else []
        if len(said) == 2 and said[1 - at] == phrase.split()[1 - at] \
                and difflib.SequenceMatcher(None, word, said[at]).ratio() >= CLOSE:
            return phrase, str(close)  # two words that are no phrase: a slip ("teddy bare")
    return None


def _slip_of(word: str) -> str | None:
    """The vocabulary word `word` likely mistypes, if it is likely a slip at all (`likely_slip`);
    none for a single letter, which could be a slip of any short word."""
    if len(word) < 2:
        return None
    close = vocabulary().suggest(word)
    return close if close is not None and close != word and likely_slip(word, close) else None


def unknown_word_error(word: str, before: str | None = None, after: str | None = None) -> QueryError:
    """The error for a word no network labels or the vocabulary does not know, with the word it
    likely mistypes; with the words `before` and `after` it, the phrase it likely mistypes ("traffic
    lite" is a traffic light, not a kite; "hot dgo" a hot dog)."""
    if word not in UNLABELLED and (slip := _phrase_slip(word, before, after)) is not None:  # "chicken coop"
        return QueryError(f"unknown words '{slip[0]}'; did you mean '{slip[1]}'? `segsearch vocabulary` lists "
                          "every word", *slip)
    if word in UNLABELLED:
        return QueryError(f"no network of segsearch labels '{word}'; `segsearch vocabulary` lists every word")
    if _foreign(word):
        return QueryError(f"unknown word '{word}': segsearch's words are English; `segsearch vocabulary` lists "
                          "every word")
    if _emoji_symbol(word[0]):
        return QueryError(f"no word segsearch knows stands for '{word}' ({emoji_name(word)}); "
                          "`segsearch vocabulary` lists every word")
    if word in COLOUR_WORDS:  # a colour with nothing after it to colour
        return QueryError(unseen_note([word]))
    meant = _slip_of(word)
    hint = f"did you mean '{meant}'? " if meant else ""
    return QueryError(f"unknown word '{word}'; {hint}`segsearch vocabulary` lists every word", word, meant)


class _Parser:
    def __init__(self, tokens: list[str], scene_depth: int = 0):
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.scene_depth = scene_depth
        self.ignored: list[str] = []  # the words left out, in order (`ignored_words`)
        self.kinds: list[tuple[str, str]] = []  # words said for a kind of a BROAD concept (`broadened`)
        self.frame_share: tuple[str, float] | None = None  # "mostly", "a close-up of": for the next term
        # for the next term: a colour said ("black and white", "red or blue"), its colours, whether any one will do
        self.colour: tuple[str, list[str], bool] | None = None

    def peek(self, offset: int = 0) -> str | None:
        i = self.pos + offset
        return self.tokens[i] if i < len(self.tokens) else None

    def _before(self) -> str | None:
        """The token before this one, if any."""
        return self.tokens[self.pos - 1] if self.pos else None

    def take(self) -> str:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> Node:
        self._skip_filler()
        while self.peek() == "with" and self.peek(1) is not None:  # "pictures with my canon", "with dogs"
            self.take()
            self._skip_filler()
        if self.peek() is None:
            self._frame_share_unused()  # "a close-up": of nothing
        if self.peek() is None and self.ignored:
            # order words ask for every photo only with nothing else left out but dates and looks:
            # "old photos", not "new year's eve fireworks"
            ordered = all(w in ORDER_WORDS or w == "first" or _filtering(w) for w in self.ignored)
            if any(_filtering(w) or (ordered and w in ORDER_WORDS) for w in self.ignored) \
                    and all(_unseen(w) for w in self.ignored):
                return EVERY_PHOTO  # "black and white photos", "photos from 2019", "old photos": the filters' photos
            raise self._no_term(0, _nothing_seen(self.ignored))
        if self.peek() is None:
            if any(t in _PHOTO_NOUNS or t in _EVERYTHING for t in self.tokens):
                return EVERY_PHOTO  # "all photos", "show me everything": every photo, newest first
            if actions := [t for t in self.tokens if t in _SKIPPED_ACTIONS]:
                # "swimming", "kids running" without the kids: the action is what was asked, and no
                # network sees it (it is skipped beside a thing: "a dog running" is a dog)
                raise QueryError(_nothing_seen(actions))
            raise QueryError("empty query: name at least one thing to search for, e.g. \"car and person\"")
        node = self.parse_or(mark=0)
        self._frame_share_unused()  # "dogs mostly": it filled nothing
        self._colour_unused()
        if self.peek() == ")":
            raise QueryError("unbalanced parentheses: ')' without a matching '('")
        if self.peek() is not None:
            raise QueryError(f"unexpected '{self.peek()}' in query")
        return node

    def _skip_filler(self) -> None:
        # "at least" is a count, not filler: only skip "at"/"least" when not followed by a number;
        # a filler word that begins a longer vocabulary word ("playing field") is that word
        while True:
            tok = self.peek()
            if tok == "how" and self.peek(1) == "many":  # "how many dogs": dogs, not at least 3
                self.take(), self.take()
                continue
            if (self._vague_count() is not None or self._count_begins()) and not self._date_span():
                return  # a count ("a few dogs", "between 2 and 5 cats"), not days ("a few weeks ago")
            if tok == "most" and self.peek(1) == "of" and self._before() != "at":
                n = 3 if self.peek(2) in _DETERMINERS else 2
                if self.peek(n) in _PHOTO_NOUNS or self.peek(n) == "frame":  # "most of the photo is sky": mostly
                    self._frame_share_unused()
                    self.frame_share = (" ".join(self.tokens[self.pos:self.pos + n + 1]), FRAME_SHARE["mostly"])
                    self.pos += n + 1
                else:  # "most of the dogs": the dogs, as "some of", "all of"
                    self.pos += 2
            elif tok in FRAME_SHARE or (tok == "close" and self.peek(1) in ("up", "ups")):  # "close-ups of flowers"
                self._frame_share_unused()  # "mostly mostly sky"
                self.frame_share = (tok, FRAME_SHARE["closeup" if tok == "close" else tok])
                self.pos += 2 if tok == "close" else 1
            elif self.peek(1) == "of" and (tok in COLLECTIVE or tok in _MANY_AS_A_SEA
                                           and vocabulary_run(self.tokens, self.pos + 2) > 0):
                self.take(), self.take()  # "a herd of elephants", "a sea of people": the things
            elif n := self._date_span():  # "cats last year", "today": a date, for the date filters
                self.ignored.append(" ".join(self.tokens[self.pos:self.pos + n]))
                self.pos += n
            elif n := self._black_and_white():  # "a black and white photo of a dog": the photo's look
                self.ignored.append(_look_typed(self.tokens[self.pos:self.pos + n]))
                self.pos += n
            elif tok is not None and _AGED.fullmatch(tok):  # "a 3 year old on a bike": a child, of an age not seen
                self.ignored.append(tok.replace("-", " "))
                if vocabulary_run(self.tokens, self.pos + 1) or self._before() in vocabulary().words:
                    self.pos += 1  # "a 10 month old baby", "dogs 2 years old": the baby, the dogs
                else:
                    self.tokens[self.pos] = "child"
            elif tok is not None and _NUMBERED.fullmatch(tok):  # "a 2-story house", "a 5-star hotel": describes
                self.ignored.append(self.take().replace("\u00a0", " "))
            elif self._number_names():  # "cars on route 66", "the number 7 bus": a name, which no network reads
                self.ignored.append(self.take())
            elif tok in _BOUNDS and _is_number(self.peek(1)) and self._before() in vocabulary().words \
                    and concept_at(self.tokens, self.pos + 2) is None:
                self.ignored.append(f"{self.take()} {self.take()}")  # "kids under 5": an age, which no network sees
            elif self._counts_photos():  # "20 photos of dogs", "top 10 beaches": how many photos, not dogs
                self.ignored.append(self.take())
            elif camera := self._camera_said():  # "photos from my iphone", "gopro videos": the camera, from EXIF
                self.ignored.append(camera[0])
                self.pos += camera[1]
            elif n := self._model_year():  # "a 2019 toyota camry", "a 1969 ford truck": the model's year, which
                self.ignored.append(" ".join(self.tokens[self.pos:self.pos + n]))  # is no date and no count
                thing = concept_at(self.tokens, self.pos + n) is not None
                self.pos += n if thing else 1  # "my 2015 tesla": the make is read again, as a car
            elif n := self._make_of_a_thing():  # "a ford truck", "a yamaha piano": the truck, the piano
                self.ignored.append(" ".join(self.tokens[self.pos:self.pos + n]))
                self.pos += n
            elif n := self._in_colour():  # "colour photos of the city", "a street in colour": not black and white
                self.ignored.append(" ".join(self.tokens[self.pos:self.pos + n]))
                self.pos += n
            elif n := self._shape_said():  # "vertical photos", "panoramas of the beach": the photo's shape
                self.ignored.append(" ".join(self.tokens[self.pos:self.pos + n]))
                self.pos += n
            elif negated := self._negated_shape_or_look():  # "dogs that are not vertical": another shape;
                self.ignored.append(negated)  # "no black and white photos of dogs": in colour
            elif n := self._colour_of_a_thing():  # "a red car": the car's colour
                self._colour_unused()
                said = self.tokens[self.pos:self.pos + n]
                self.colour = (" ".join(said), _colour_heads(said), "or" in said)
                self.pos += n
            elif tok in _MATERIALS and self._vocabulary_run() == 1 and concept_at(self.tokens, self.pos + 1):
                self.ignored.append(self.take())  # "a stone wall", "a glass door": what it is made of
            elif tok in UNINDEXED and not self._vocabulary_run():
                self.ignored.append(self.take())
            elif tok in _ALSO_ACTIONS and self.pos and self.peek(1) in _DETERMINERS:
                self.ignored.append(self.take())  # "kids building a sandcastle": an action, not a building
            elif tok is not None and owner_word(tok):  # "my kid's bedroom": whose, not what
                self.ignored.append(self.take().replace(_OWNER_MARK, "'"))
            elif tok is not None and (_DECADE.fullmatch(tok) or _AGE.fullmatch(tok) or _YEAR.fullmatch(tok)):
                # "photos from 2019", "2019 dogs", "the 1990s": a date (no network counts 2019 of a
                # thing in one photo: the detector keeps at most 100 boxes of each); "in his 30s": an age
                self.ignored.append(self.take())
            elif tok in _SUPERLATIVE and self._before() != "at" and self.peek(1) != "of":
                # "the photo with the most people", "the most crowded beach": a ranking no count
                # says; the people, the beach, with the word named as not looked for
                self.ignored.append(self.take())
            elif (tok in FILLER and not (tok == "at" and self.peek(1) in ("least", "most"))
                  and self._vocabulary_run() < 2
                  and not (tok in _PLACING and tok in vocabulary().words
                           and self.peek(1) in (None, ",", "and", "or", "but"))):
                self.take()  # but a word of place that places nothing is the place: "photos taken inside"
            elif tok in _COMPARING and self.peek(1) != "than":
                if "than" in self.tokens[self.pos + 2:self.pos + 6]:  # "more dogs than cats"
                    raise QueryError(f"a search cannot compare two counts ('{tok} ... than ...'); ask for a "
                                     f"count of each, e.g. \"at least 3 dogs and at most 1 cat\"")
                self.take()  # "more dogs", "show me more": no count
            elif tok == "picture" and self.peek(1) not in _HUNG:  # "a picture of a dog", "the picture where
                self.take()  # my dog...": the photo; "a picture on the wall" is a painting
            elif tok is not None and not self._vocabulary_run() and skippable_word(tok, self._before(), self.peek(1)):
                self.ignored.append(self.take())
            else:
                return

    def _colour_of_a_thing(self) -> int:
        """How many tokens from here say a colour (a colour word, after a shade: "light blue") that
        colours the vocabulary word after it, describing words between ("a red double decker bus",
        "a white fluffy cat"); 0 for none. A colour word that begins a longer vocabulary word
        ("orange juice", "red wine") is that word, and one before a scene ("a green park") or
        before nothing it can colour ("the red one") is left out and named."""
        tokens, i = self.tokens, self.pos

        def at(offset: int = 0) -> str | None:
            return tokens[i + offset] if i + offset < len(tokens) else None

        while True:  # "black and white", "red, white and blue": every colour of it
            i += _colour_modifiers(tokens, i)  # "light blue", "navy blue"
            if at() not in COLOUR_WORDS or vocabulary_run(tokens, i) > 1:
                return 0
            i += 1
            said = i - self.pos
            joined = 1 + (at() == "," and at(1) in AND_WORDS + ("or",))
            joined += at(joined) in ("a", "an")  # "a red or a blue car"
            if not (at() in AND_WORDS + (",", "or")
                    and at(joined + _colour_modifiers(tokens, i + joined)) in COLOUR_WORDS):
                break
            i += joined
        while (tok := at()) is not None and tok not in COLOUR_WORDS and not vocabulary_run(tokens, i) \
                and tok not in FILLER and (tok in UNINDEXED or skippable_word(tok, tokens[i - 1], at(1))):
            # a describing word between ("a red brick building")
            if tok.endswith(_PART_OF):  # "a red-haired girl": the colour of her hair, not of her
                return 0
            i += 1
        concept = concept_at(tokens, i)
        # "a black and white picture of a car": the photo
        if concept is None or (tokens[i] == "picture" and at(1) not in _HUNG):
            return 0
        return said if concept.definition is None else 0

    def _colour_after(self) -> tuple[list[str], bool, bool] | None:
        """Colours said after their object ("a car that is red", "cats which are not black", "cats
        that are orange or white"), up to the end of the query or a conjunction: (the colours,
        whether any one will do, whether negated), the words taken; None and nothing taken
        otherwise."""
        tokens = self.tokens
        i = self.pos + (self.peek() in ("that", "which"))
        if i >= len(tokens) or tokens[i] not in ("is", "are", "was", "were"):
            return None
        negated = i + 1 < len(tokens) and tokens[i + 1] == "not"
        i += 1 + negated
        said = tokens[i:i + _colour_run(tokens, i)]
        i += len(said)
        if not said or (i < len(tokens) and tokens[i] not in (")", "or", "|", ",") + AND_WORDS):
            return None
        self.pos = i
        return _colour_heads(said), "or" in said, negated

    def _colour_unused(self) -> None:
        """A pending colour that no term took is a word left out, and named."""
        if self.colour is not None:
            self.ignored.append(self.colour[0])
            self.colour = None

    def _frame_share_unused(self) -> None:
        """A pending "mostly" or "close-up" that no object took is a word left out, and named."""
        if self.frame_share is not None:
            self.ignored.append(self.frame_share[0])
            self.frame_share = None

    def _no_term(self, mark: int, message: str) -> QueryError:
        """The error where a term was expected: the unknown word skipped there, if any ("dogs
        without leashes": leashes is unknown, not the query too short), else at the end of the
        query the words left out there ("photos i took with my canon": what no network sees)."""
        unknown = [w for w in self.ignored[mark:] if not _unseen(w)]
        if unknown:
            return unknown_word_error(unknown[0])
        if self.peek() is None and self.ignored[mark:]:
            return QueryError(_nothing_seen(self.ignored[mark:]))
        return QueryError(message)

    def _operand_left_out(self, mark: int) -> bool:
        """Whether only left-out words (those after `mark` in `ignored`) stand where an operand
        should, up to the next conjunction or the end of the query or group ("a hot dog with
        mustard", "zorbs or cats", "a person with zorbs, but no dog"): there is no operand."""
        self._skip_filler()
        if _is_number(self.peek()) and len(self.ignored) == mark:  # "a cat and 2 candles": the candles
            before = (self.pos, list(self.tokens), self.colour, self.frame_share)
            self.pos += 1
            self._skip_filler()
            if len(self.ignored) == mark or self.peek() not in (None, ")", "or", "|") + AND_WORDS:
                (self.pos, self.tokens, self.colour, self.frame_share), self.ignored[mark:] = before, []
        return len(self.ignored) > mark and self.peek() in (None, ")", "or", "|") + AND_WORDS

    def _said_nothing(self) -> bool:
        """Whether only filler stands before the next conjunction or the end of the query or group
        (after "with": "a room with a view")."""
        end = self.pos
        while end < len(self.tokens) and self.tokens[end] in FILLER and not vocabulary_run(self.tokens, end):
            end += 1
        if end == self.pos or (end < len(self.tokens) and self.tokens[end] not in (")", "or", "|") + AND_WORDS):
            return False
        self.pos = end
        return True

    def parse_or(self, mark: int | None = None) -> Node:
        first = len(self.ignored) if mark is None else mark
        items = [self.parse_and(first)]
        while self.peek() in ("or", "|"):
            self.take()
            if self.peek() == "both" and self.peek(1) in (None, ")"):  # "dog or cat or both": either
                self.take()
                break
            items.append(self.parse_and(len(self.ignored)))
        found = [item for item in items if item is not None]
        if not found:  # "black and white": words were said, none of them a thing to find
            raise self._no_term(first, _nothing_seen(self.ignored[first:]) if self.ignored[first:] else
                                "a thing to search for was expected")
        end = self._not_both()
        if end:  # "dogs or cats but not both": one of them only
            if len(found) < 2:
                raise QueryError("'not both' needs two alternatives before it, e.g. \"dogs or cats but not both\"")
            self.pos = end
            return And((Or(tuple(found)), Not(And(tuple(found)))))
        return _joined(Or, found)

    def _not_both(self) -> int:
        """Where "but not both" (", not both", "and not both") ends when it comes next, the
        end of a group or query after it; else 0."""
        i = self.pos + (self.peek() in AND_WORDS)
        if self.tokens[i:i + 2] != ["not", "both"]:
            return 0
        return i + 2 if i + 2 == len(self.tokens) or self.tokens[i + 2] in (")", "or", "|") else 0

    def parse_and(self, mark: int) -> Node | None:
        """The AND of the operands up to the next OR; None when all were left out."""
        items: list[Node] = []
        said: list[list[str]] = []  # the tokens each operand was read from

        def operand() -> None:
            start = self.pos
            items.append(self.parse_unary())
            said.append(self.tokens[start:self.pos])

        if not self._operand_left_out(mark):
            operand()
        joined: list[Node] = []  # the items after "and", "with"...: named apart
        while True:
            self._skip_filler()
            tok = self.peek()
            if self._not_both():
                break
            if tok in AND_WORDS:
                self.take()
                after, noted = self.pos, len(self.ignored)
                if tok == "with" and self._said_nothing():
                    continue  # "a room with a view", "a dog with": nothing more is asked
                if not self._operand_left_out(len(self.ignored)):
                    operand()
                    if self._own_part(items, said):  # "a cat with green eyes": the cat's eyes
                        del self.ignored[noted:]
                        self.ignored += [t for t in self.tokens[after:self.pos] if t not in FILLER]
                        items.pop(), said.pop()
                    elif not BODY_PART_WORDS.intersection(said[-1]):  # "a man with a beard": one person
                        joined.append(items[-1])
            elif tok is not None and tok not in ("or", "|", ")"):
                operand()  # juxtaposition: "dog cat" = dog and cat
            else:
                break
        # "a group with at least 10 people", "a family with 2 kids": the people of the group
        collective = [item for item, toks in zip(items, said)
                      if any(vocabulary().words.get(t) in _COLLECTIVE_PEOPLE for t in toks)]
        items = self._stand_ins_left_out(items, said)
        return _joined(And, _people_add_up(_worn(items), joined, collective)) if items else None

    @staticmethod
    def _own_part(items: list[Node], said: list[list[str]]) -> bool:
        """Whether the last operand is a body part of the thing before it ("a cat with green eyes",
        "a dog with a long tail"): said of anything but a person, a part is the thing's own, not
        a person (after a person it is that person: `_people_add_up`). The thing may be one term or
        several of one class ("an orange cat": an orange or brown cat, `_coat`)."""
        if len(items) < 2 or not BODY_PART_WORDS.intersection(said[-1]):
            return False
        part, owner = items[-1], positive_classes(items[-2])
        return isinstance(part, Term) and part.class_name == "person" and len(owner) == 1 and owner != ["person"]

    def _stand_ins_left_out(self, items: list[Node], said: list[list[str]]) -> list[Node]:
        """`items` less those said by a `STAND_INS` word alone ("a dog in the snow": snow is
        searched as skis or snowboards, which a dog in the snow seldom has) where something else
        is asked for beside them: those words are left out and named instead."""
        stand_in = [not isinstance(item, Not) and bool(words := _vocabulary_words(toks))
                    and all(w in STAND_INS for w in words)  # "a snow plow" is a plow, no snow
                    for item, toks in zip(items, said)]
        if not any(stand_in) or all(stand_in[i] or isinstance(item, Not) for i, item in enumerate(items)):
            return items
        for toks, dropped in zip(said, stand_in):
            if dropped:
                self.ignored += [t for t in toks if t in STAND_INS]
        return [item for item, dropped in zip(items, stand_in) if not dropped]

    def parse_unary(self) -> Node:
        mark = len(self.ignored)
        self._skip_filler()
        tok = self.peek()
        while tok == "with":  # "photos with no people", "(with dogs)"
            self.take()
            self._skip_filler()
            tok = self.peek()
        if tok is None:
            last = self.tokens[-1] if self.tokens else ""
            raise self._no_term(mark, f"the query ends after '{last}' where a thing was expected: say what, e.g. "
                                      f"\"{_ENDED_EXAMPLES[last]}\"" if last in _ENDED_EXAMPLES
                                else "the query ends where a thing to search for was expected")
        if tok in NOT_WORDS + ("(",) and self.depth >= MAX_DEPTH:
            raise QueryError(f"query nested too deeply (more than {MAX_DEPTH} levels of NOT or parentheses)")
        if tok in NOT_WORDS:
            said_not = tok == "not" and self._before() == "but"  # "cars but not trucks or buses"
            self.take()
            noted = len(self.ignored)
            if self._operand_left_out(noted):
                # "cars that are not wooden": the negated word is never left out (the photos would
                # be the ones asked to be without it)
                if not all(_unseen(w) for w in self.ignored[noted:]):
                    raise self._no_term(noted, "a thing to search for was expected after 'not'")
                words = ", ".join(repr(w) for w in self.ignored[noted:])
                raise QueryError(f"{unseen_note(self.ignored[noted:])}, so it cannot tell which photos lack {words}")
            self.depth += 1
            operand = self.parse_unary()
            # "no cats or dogs", "without cars or trucks", "cars but not trucks or buses": neither of
            # them, as said (a formal "not cat or dog", "dog and not cat or bird" keeps NOT binding
            # tighter than OR)
            while (tok in ("no", "without", "except", "excluding") or said_not) and self.peek() in ("or", "|") \
                    and self.peek(1) not in NOT_WORDS + (None, "(", ")"):
                self.take()
                operand = Or((*(operand.items if isinstance(operand, Or) else (operand,)), self.parse_unary()))
            self.depth -= 1
            return Not(operand)
        if tok == "(":
            self.take()
            self.depth += 1
            node = self.parse_or()
            self.depth -= 1
            if self.peek() != ")":
                raise QueryError("unbalanced parentheses: '(' is never closed")
            self.take()
            return node
        if tok in (")", "and", "or", "&", "|", ","):
            raise self._no_term(mark, f"unexpected '{tok}' where a thing to search for was expected")
        return self.parse_term()

    def _number(self) -> float:
        tok = self.peek()
        if tok is None:
            raise QueryError("a number was expected at the end of the query")
        if tok in ("a", "an") and self.peek(1) in NUMBER_WORDS:  # "more than a dozen"
            self.take()
            tok = self.take()
            return NUMBER_WORDS[tok]
        if tok in NUMBER_WORDS:
            self.take()
            return NUMBER_WORDS[tok]
        if not _NUMERAL.fullmatch(tok):
            raise QueryError(f"a number was expected, got '{tok}'")
        value = float(tok)
        self.take()
        return value

    def _int(self) -> int:
        typed = self.peek()
        value = self._number()
        if value != int(value) or value > MAX_COUNT:
            raise QueryError(f"a count must be a whole number up to {MAX_COUNT:,}, got {typed}")
        return int(value)

    def _vague_count(self) -> int | None:
        """Tokens a count said in words takes here ("many", "a couple of"), when an object word
        follows (past filler and describing words); None otherwise."""
        tok = self.peek()
        if tok not in VAGUE_COUNTS:
            return None
        n = 2 if tok in _COUNT_NEEDS_OF else 1
        if n == 2 and self.peek(1) != "of":
            return None
        if tok == "pair":  # "a pair of (black) jeans": one thing, no count
            at = self._past_describing(self.pos + n)
            if at < len(self.tokens) and self.tokens[at] in _ONE_PAIR:
                return None
        return n if self._thing_follows(self.pos + n) else None

    def _past_describing(self, at: int) -> int:
        """Where the describing words ("black", "old"; no network sees them) from `at` end."""
        while at < len(self.tokens) and self.tokens[at] in UNINDEXED:
            at += 1
        return at

    def _thing_follows(self, at: int) -> bool:
        """Whether a vocabulary word comes at `at`, filler and describing words before it."""
        while at < len(self.tokens) and (self.tokens[at] in FILLER or self.tokens[at] in UNINDEXED):
            at += 1
        return vocabulary_run(self.tokens, at) > 0

    def _counted_at(self, at: int) -> bool:
        """Whether a thing to count comes at `at`, describing words before it ("5 big dogs"); not a
        scene, nor a thing after a word of place ("kids under 5 on the beach": an age)."""
        return thing_at(self.tokens, self._past_describing(at))

    def _range_begins(self) -> bool:
        """Whether a count from one number to another begins here, before a thing ("2 to 5 people",
        "from 2 to 5 people"); not a span of years ("from 2018 to 2020")."""
        at = self.pos + (self.peek() == "from")
        said = self.tokens[at:at + 3]
        return len(said) == 3 and _is_number(said[0]) and said[1] == "to" and _is_number(said[2]) \
            and self._counted_at(at + 3)

    def _count_begins(self) -> bool:
        """Whether a count said with filler words begins here: "only 2", "just one", "up to 3",
        "between 2 and 5", "a lone tree"."""
        tok = self.peek()
        if tok in ("only", "just"):
            return _is_number(self.peek(1))
        if tok in _ONE_ALONE:
            return self._one_alone()
        if tok == "between":
            return _is_number(self.peek(1)) and self.peek(2) == "and" and _is_number(self.peek(3))
        if tok == "from":  # "from 2 to 5 people"
            return self._range_begins()
        if tok in _BOUNDS:
            return _is_number(self.peek(1)) and not vocabulary_run(self.tokens[self.pos - 1:self.pos], 0) \
                and self._counted_at(self.pos + 2)
        return tok == "up" and self.peek(1) == "to" and _is_number(self.peek(2))

    def _one_alone(self) -> bool:
        """Whether "single", "lone" or "solitary" here says one of the thing after it, colours
        between ("a single red rose"); not before a scene or an unknown word."""
        return thing_at(self.tokens, self.pos + 1 + _colour_run(self.tokens, self.pos + 1))

    def _count(self) -> _Count | None:
        tok, nxt = self.peek(), self.peek(1)
        prefixes = {("at", "least"): ">=", ("at", "most"): "<=", ("more", "than"): ">",
                    ("fewer", "than"): "<", ("less", "than"): "<", ("up", "to"): "<="}
        if tok is not None and nxt is not None and (tok, nxt) in prefixes:
            self.take(), self.take()
            # "up to three people": some, at most three
            if (tok, nxt) in (("at", "least"), ("at", "most")) and self.peek() in ("a", "an"):
                self.take()  # "at least a dog"
                return _Count(prefixes[(tok, nxt)], 1)
            n = self._int()
            if self.peek() == "or" and _is_number(self.peek(1)):  # "at least two or three": the looser
                self.take()
                n = (min if prefixes[(tok, nxt)] in (">=", ">") else max)(n, self._int())
            return _Count(prefixes[(tok, nxt)], n, low=1 if (tok, nxt) == ("up", "to") else 0)
        if tok == "between" and self._count_begins() or self._range_begins():  # "between 2 and 5 people",
            if not _is_number(tok):  # "(from) 2 to 5 people"
                self.take()
            low = self._int()
            self.take()
            return _Count("<=", max(low, self._int()), low=low)
        if tok in _BOUNDS and self._count_begins():  # "under 10 people": fewer than 10
            self.take()
            return _Count(_BOUNDS[tok], self._int())  # as "fewer than 10 people"
        if tok in COMPARATORS and _is_number(nxt):  # "> 2 people", ">=3 dogs"
            op = self.take()
            return _Count(op, self._int())
        if tok in ("exactly", "only", "just"):  # "only one dog": one dog and no other
            self.take()
            return _Count("=", self._int())
        if tok in _ONE_ALONE and self._one_alone():  # "a lone tree": one tree
            self.take()
            said = [t for t in self.tokens[max(0, self.pos - 3):self.pos - 1] if t not in ("a", "an")]
            negated = said[-1:] and said[-1] in NOT_WORDS  # "not a single person": none at all
            return _Count(">=" if negated else "=", 1)
        if _is_number(tok) and not self._date_span() and not self._number_names():  # "4 july 2019", "bus 42"
            if self.peek(1) == "%" or self.peek(1) in COMPARATORS:
                raise QueryError("an area bound needs a class first, e.g. \"car > 10%\"")
            n = self._int()
            if self.peek() == "or" and self.peek(1) in ("more", "fewer", "less"):  # "two or more cats"
                self.take()
                return _Count(">=" if self.take() == "more" else "<=", n)
            if self.peek() in ("or", "to") and _is_number(self.peek(1)):  # "one or two dogs": at least one
                self.take()
                n = min(n, self._int())
            return _Count("=", 0) if n == 0 else _Count(">=", n)  # "0 dogs": no dog
        return None

    def _black_and_white(self) -> int:
        """How many tokens from here say that the photo is black and white ("monochrome", "b&w",
        "black and white" where it colours no thing after it: "black and white photos", "a street in
        black and white"; "a black and white cat" is the cat's colours), 0 for none."""
        said = self.tokens[self.pos:self.pos + 3]
        if said[:1] and said[0] in LOOKS:
            return 1
        if len(said) == 3 and (said[0], said[2]) in (("b", "w"), ("black", "white")) and said[1] in _JOINS:
            return 3 if said[0] == "b" or (said[1] != "or" and not self._colour_of_a_thing()) else 0
        return 0

    def _shape_said(self) -> int:
        """How many tokens from here name the photo's shape (`SHAPES`: "vertical", "portrait
        orientation"; "square" only before a photo word), 0 for none. A negation before it ("not
        vertical") is `_negated_shape_or_look`'s to read, though `_shape_of` reads the phrase."""
        if self.peek() in _PHOTO_NEGATIONS:
            return 0
        return next((n for n in (2, 1) if self.pos + n <= len(self.tokens)
                     and _shape_of(" ".join(self.tokens[self.pos:self.pos + n]))), 0)

    def _negated_shape_or_look(self) -> str | None:
        """A shape or look the photos must not have, said from here ("not vertical", "no
        panoramas", "not square photos of cats", "no black and white photos", "not in colour"):
        taken, and returned as typed; None and nothing taken otherwise. Whatever follows, the
        negation is the shape's or the look's ("not vertical dogs", "not monochrome dogs": dogs in
        those photos); "black and white" that colours a thing after it is no look ("no black and
        white dogs")."""
        start = self.pos
        if self.peek() not in _PHOTO_NEGATIONS:
            return None
        self.pos += 1
        into = self.peek() == "in" and not self._in_colour()  # "not in black and white"
        self.pos += into
        if n := (not into and (self._shape_said() or self._in_colour())):
            typed = self.tokens[self.pos:self.pos + n]
        elif n := self._black_and_white():
            typed = ["in"] * into + [_look_typed(self.tokens[self.pos:self.pos + n])]
        if not n:
            self.pos = start
            return None
        self.pos += n
        return " ".join([self.tokens[start], *typed])

    def _in_colour(self) -> int:
        """How many tokens from here say the photo is in colour: "in colour", or a colour word for it
        before a photo or shape word ("colour photos", "coloured pictures", "colour panoramas"); 0
        for none."""
        return 2 if _in_colour_said(" ".join(self.tokens[self.pos:self.pos + 2])) else 0

    def _date_span(self) -> int:
        """How many tokens from here name days (one of `DATE_SPANS`, "last year": 2; a month or a
        season of a year or counted back, "summer of 2019": 3, `_period`; a day of a month, "july 4
        2019", "the 4th of july": `_day`; days around others or counted back, "last 2 weeks", "2 years
        ago", "since 2020": `_relative`), 0 for none."""
        for n in (5, 4, 3, 2, 1):
            said = self.tokens[self.pos:self.pos + n]
            if len(said) == n and (" ".join(said) in DATE_SPANS or _period(said) is not None
                                   or _day(said) is not None or _relative(said) is not None):
                return n
            if len(said) == n and _day(said, calendar=False) is not None:
                raise QueryError(f"'{' '.join(t for t in said if t != ',')}' is no day of the calendar")
        return 0

    def _number_names(self) -> bool:
        """Whether the number here names something with the word before it ("route 66", "bus 42",
        "iphone 12", "apollo 11", "room 101") rather than counting: digits, no year, after a word
        that is no grammar word (`_NO_NAME_BEFORE`). After a vocabulary word the number names it
        unless things to count follow ("beach 3 people"; a count takes a plural, so "route 66
        sign" names) or the word is a plural ("dogs 3" is still a count of nothing); after an
        unknown word ("gate 42 sign") it names, unless that word says an action or a look
        ("holding 2 cats", "big 3 dogs"). No network reads numbers."""
        tok = self.peek()
        if tok is None or not tok.isdigit() or _YEAR.fullmatch(tok) or not self.pos:
            return False
        before = self.tokens[self.pos - 1]
        if not re.fullmatch(r"[a-z][a-z'.]*", before) or before in _NO_NAME_BEFORE:
            return False
        counted = thing_at(self.tokens, self.pos + 1)
        if before in vocabulary().words:
            return not (counted and (tok == "1" or not _singular_noun(self.peek(1), unseen=True))) \
                and before not in vocabulary().plurals
        return not (counted and (action_word(before) or before in UNINDEXED or _graded(before)))

    def _make_of_a_thing(self) -> int:
        """How many tokens from here name a make (`BRANDS`) that describes the thing after it ("a
        ford truck", "a vw bus": a truck, a bus; "a yamaha piano": a piano, which no network
        labels; "a ford" alone is a car), 0 for none."""
        n = self._make_at(self.pos)
        if not n:
            return 0
        return n if thing_at(self.tokens, self.pos + n) or self.peek(n) in UNLABELLED else 0

    def _counts_photos(self) -> bool:
        """Whether the number here says how many photos are wanted rather than counting a thing:
        before a word for photos, perhaps after words that rank them or one thing said once ("show
        me 20 photos of dogs", "the 5 best pictures of my cat", "5 dog photos"), or after "top" or
        "best" ("top 10 beaches"). A search returns as many as its limit; no network counts photos."""
        tok = self.peek()
        if not _is_number(tok) or _YEAR.fullmatch(tok or ""):
            return False
        if self.pos and self.tokens[self.pos - 1] in ("top", "best"):
            return True
        at = self.pos + 1
        while at < len(self.tokens) and self.tokens[at] in _RANKING_PHOTOS:
            at += 1
        n = vocabulary_run(self.tokens, at)
        if n and " ".join(self.tokens[at:at + n]) not in vocabulary().plurals:
            at += n  # "5 dog photos", "10 beach pictures"
        return at < len(self.tokens) and self.tokens[at] in _PHOTO_NOUNS

    def _camera_said(self) -> tuple[str, int] | None:
        """Where a camera is said here (`CAMERAS`), the phrase that says it ("on my iphone", "from my
        nikon d750", "gopro videos", "canon") and how many tokens from here it takes; None where no
        camera is. The words before it ("from", "by"; "on" and "with" only after a word of shooting,
        as "on my" or "with my", or "on" before a make: "a man on his phone" is the phone) have been
        read as filler already, and describing words between are left out on their own ("from my
        new phone"); after it may come its model ("pixel 6", "nikon d750"), "camera" or "phone",
        and a word for photos ("iphone pics")."""
        n = next((n for n in (2, 1) if " ".join(self.tokens[self.pos:self.pos + n]) in CAMERAS), 0)
        word = " ".join(self.tokens[self.pos:self.pos + n])
        if not n:
            return None
        if self.peek(n) is not None and _CAMERA_MODEL.fullmatch(self.peek(n) or ""):  # "pixel 6", "nikon d750"
            n += 1
        if self.peek(n) in _CAMERA_NOUNS:  # "my sony camera", "a samsung phone"
            n += 1
        said = self.tokens[self.pos:self.pos + n]
        if self.peek(n) in _PHOTO_NOUNS or self.peek(n) in ("video", "videos", "footage"):  # "iphone photos"
            return " ".join(said + [self.tokens[self.pos + n]]), n + 1
        at = self.pos - 1
        while at > 0 and self.tokens[at] in UNINDEXED and self.tokens[at] not in _CAMERA_OWNER:  # "my new phone"
            at -= 1
        owner = self.tokens[at] if at >= 1 and self.tokens[at] in _CAMERA_OWNER else None
        cue = self.tokens[at - 1 if owner else at] if at >= (1 if owner else 0) else None
        before = at - 1 if owner else at
        shooting = _SHOOTING.intersection(self.tokens[max(0, before - 2):max(0, before)])
        if cue in _CAMERA_ON and not shooting and word not in _CAMERAS_ONLY and _acts_on(self.tokens[before - 1]):
            return None  # "a cat sleeping on my phone", "kids playing with my iphone": the phone is there
        if cue in _CAMERA_BEFORE or cue in _CAMERA_ON and (
                shooting or owner in ("my", "our") or owner is None and cue == "on" and word in _BRANDED):
            return " ".join([str(cue)] + ([owner] if owner else []) + said), n
        return (" ".join(said), n) if word in _CAMERAS_ONLY else None

    def _model_year(self) -> int:
        """How many tokens from here say a year and the make after it (`BRANDS`), the year of the
        model ("a 2019 toyota camry", "my 1967 vw bus"), 0 for none: it describes the thing, and
        is neither when the photo was taken nor a count of 2019 cars."""
        tok = self.peek()
        if tok is None or not _YEAR.fullmatch(tok):
            return 0
        n = self._make_at(self.pos + 1)
        return 1 + n if n else 0

    def _make_at(self, at: int) -> int:
        """How many tokens from `at` name a make (`BRANDS`: "ford", "mercedes benz"), 0 for none."""
        n = vocabulary_run(self.tokens, at)
        return n if n and " ".join(self.tokens[at:at + n]) in BRANDS else 0

    def _vocabulary_run(self) -> int:
        """How many tokens from here make the longest vocabulary word, 0 for none (`vocabulary_run`)."""
        return vocabulary_run(self.tokens, self.pos)

    def _concept_word(self) -> str:
        """The longest run of up to three tokens that is a vocabulary word; its concept's name."""
        n = self._vocabulary_run()
        if not n:
            raise unknown_word_error(self.tokens[self.pos], self._before(), self.peek(1))
        self.pos += n
        said = " ".join(self.tokens[self.pos - n:self.pos])
        name = vocabulary().words[said]
        if _a_kind_of(said, name):
            self.kinds.append((said, name))
        return name

    def parse_term(self) -> Node:
        said, words = None, self._vague_count()  # "many people": at least 3, if people can be counted
        if words is not None:
            said = VAGUE_COUNTS[self.tokens[self.pos]]
            self.pos += words
        start = self.pos
        explicit_count = None if words is not None else self._count()
        number = next((t for t in reversed(self.tokens[start:self.pos]) if t.isdigit()), None)
        counted_to = self.pos
        noted = len(self.ignored)
        self._skip_filler()
        word = self.peek()
        if explicit_count is not None and word is not None and _PLACING.intersection(self.tokens[counted_to:self.pos]):
            # "3 at the beach", "the 737 at the gate", "5 on the bench": the count is of what is not said
            self.ignored.insert(noted, " ".join(self.tokens[start:counted_to]))
            explicit_count = number = None
        if word is None and explicit_count is not None and self.ignored[noted:]:
            raise self._no_term(noted, "")  # "2 candles": what no network labels, not a count of nothing
        if word is None and explicit_count is not None and number is not None:
            # "3 photos", "at least 3", "photos from 3000": a count of nothing
            year = " is no year segsearch reads (1800 to 2099), and as a count it" \
                if len(number) == 4 and not _YEAR.fullmatch(number) else ""
            raise QueryError(f"'{number}'{year} counts nothing: name what to count, e.g. \"3 dogs\"")
        if word is None or not re.match(r"[a-z]", word) or (word in RESERVED and word not in vocabulary().words):
            raise QueryError(f"a thing to search for was expected{'' if word is None else f', got {word!r}'}")
        name = self._concept_word()
        typed = self.tokens[self.pos - 1]
        concept = vocabulary().concepts[name]
        if said is not None and (concept.kind == "thing" or name in KINDS_OF_THINGS):
            explicit_count = _Count(">=", said)
        count = explicit_count or _Count(">=", 1)
        if concept.definition is not None:
            self._frame_share_unused()  # "mostly beach": a scene has no area of its own
            if explicit_count is not None and self.peek() not in COMPARATORS \
                    and (counted := _kind_counted(name, count, self.scene_depth)) is not None:
                return counted  # "two drinks", "at least 3 pieces of furniture"
            if explicit_count is not None or self.peek() in COMPARATORS:
                raise QueryError(f"'{name}' is a scene ({concept.definition}); counts and areas apply to objects")
            return _scene(name, concept.definition, self.scene_depth)
        area_op = area = None
        share, self.frame_share = self.frame_share, None
        if self.colour is not None and name == "person" and typed in BODY_PART_WORDS:
            # "red hair", "blue eyes": the colour of a part of someone, which no network segments
            self.ignored.append(f"{self.colour[0]} {typed}")
            self.colour = None
        elif self.colour is not None and name == "person" and self.colour[0].split()[-1] in HAIR_COLOURS:
            self._colour_unused()  # "a blonde woman": her hair's colour
        colours, any_one = _coat(name, *((self.colour[1], self.colour[2]) if self.colour else ([], False)))
        colour = colours[0] if colours else None
        self.colour = None
        if share is not None and self.peek() not in COMPARATORS:  # "mostly sky": sky >= 50%
            area_op, area = ">=", share[1]
        if self.peek() in COMPARATORS:
            area_op = self.take()
            area = self._number() / 100.0
            if self.peek() != "%":
                things = name if area == 0.01 else (plural_forms(name) or [name])[0]
                as_count = f"{'' if area_op == '=' else _COUNT_WORDS[area_op] + ' '}{area * 100:g} {things}"
                raise QueryError(f"an area bound is a percentage of the image: write '{name} {area_op} "
                                 f"{area * 100:g}%', or '{as_count}' to count")
            self.take()
            if not 0 <= area <= 1:
                raise QueryError(f"area bound {area * 100:g}% is outside 0-100%")
        said_after = self._colour_after() if colour is None else None  # "a car that is red"
        if said_after is not None:
            colours, any_one = _coat(name, said_after[0], said_after[1])
            colour = colours[0]
            if said_after[2]:  # "a car that is not red": a car, and none of them red
                return And((Term(name, count.op, count.n, area_op, area),
                            Not(_coloured(Term(name, colour=colour), colours, any_one))))
        term = Term(name, count.op, count.n, area_op, area, colour)
        if len(colours) > 1:
            return _coloured(term, colours, any_one)
        if count.low:
            return And((Term(name, ">=", count.low, area_op, area, colour), term))
        held = self._held_drink(name)
        if held is None or held not in CONTAINERS or held == name:  # a drink named by its own container (wine)
            return term
        return Or((term, Term(held, count.op, count.n)))

    def _held_drink(self, container: str) -> str | None:
        """After a container, "of" and a drink (describing words between are left out and named:
        "a glass of red wine"): the drink's concept, its words taken; None, and nothing taken,
        otherwise ("a bowl of fruit" is a bowl and fruit)."""
        if container not in CONTAINERS or self.peek() != "of":
            return None
        start, noted = self.pos, len(self.ignored)
        self.pos += 1
        while self.peek() in UNINDEXED and not self._vocabulary_run():
            self.ignored.append(self.take())
        n = self._vocabulary_run()
        held = vocabulary().words[" ".join(self.tokens[self.pos:self.pos + n])] if n else None
        if held not in HELD_DRINKS:
            self.pos, self.ignored[noted:] = start, []
            return None
        self.pos += n
        return held


def _coloured(term: Term, colours: list[str], any_one: bool) -> Node:
    """`term` (of the first colour) in each of several colours: "red or blue", either; "a black and
    white cat", some of it black and some white, each of a coat's colours as widely (`_coat`)."""
    if any_one:
        return _joined(Or, [replace(term, colour=c) for c in dict.fromkeys(colours)])
    coats = COAT_COLOURS if term.class_name in COATED else {}
    return _joined(And, [_joined(Or, [replace(term, colour=k) if not i else Term(term.class_name, colour=k)
                                      for k in coats.get(c, (c,))])
                         for i, c in enumerate(dict.fromkeys(colours))])


def _coat(name: str, colours: list[str], any_one: bool) -> tuple[list[str], bool]:
    """The colours asked of a concept, and whether any one will do: of an animal's coat, a single
    colour (or a choice) widened to the coat colours it names (`COAT_COLOURS`: "a ginger cat" is an
    orange or a brown one)."""
    if name not in COATED or not (len(colours) == 1 or any_one):
        return colours, any_one
    coats = list(dict.fromkeys(c for said in colours for c in COAT_COLOURS.get(said, (said,))))
    return coats, any_one or len(coats) > 1


# A query that ends on a joining word is unfinished: the one-line error shows it finished
_ENDED_EXAMPLES = {"and": "a dog and a cat", "or": "a dog or a cat", "with": "a dog with a ball",
                   "but": "dogs but no cats", "not": "dogs and not cats", "without": "dogs without people"}
_COMPARING = ("more", "fewer", "less")
_SUPERLATIVE = frozenset({"most", "least"})  # "the most people"; "at most 3", "at least 3" are counts
_COUNT_WORDS = {">=": "at least", ">": "more than", "<": "fewer than", "<=": "at most", "=": "exactly"}  # said back
_ONE_ALONE = frozenset({"single", "lone", "solitary"})  # before a thing: exactly one of it
# Vocabulary words that, before another, say what it is made of ("a stone wall", "a glass door":
# a wall, a door), as "wooden" and "metal" do; alone or before "of" they are the thing ("a glass
# of water", "stones on the beach")
_MATERIALS = frozenset({"stone", "glass"})
# Things said in the plural that are one thing, or one set of two ("a pair of scissors", "a pair
# of skis": what one box of the detector holds), which "a pair of" does not count as two
_ONE_PAIR = frozenset({"scissors", "skis", "jeans", "trousers", "pants", "shorts", "tights", "leggings", "pyjamas",
                       "pajamas", "binoculars", "pliers", "tongs", "headphones", "earphones", "earbuds", "shoes",
                       "socks", "boots", "gloves", "mittens", "sneakers", "trainers", "sandals", "slippers",
                       "earrings", "skates", "eyeglasses", "sunglasses", "goggles", "chopsticks"})
# Words that place a thing: a count before one counts nothing after it ("5 on the bench")
_PLACING = frozenset({"at", "in", "on", "onto", "into", "inside", "by", "near", "under", "beneath", "below", "above",
                      "over", "behind", "beside", "next", "along", "across", "around", "outside", "atop", "underneath",
                      "against", "through", "among", "within", "alongside", "opposite"})
# Words of place that bound a count when a number follows and no thing comes before ("under 10
# people", "photos with over 5 birds"); after a thing they place it ("a cat under 2 chairs")
_BOUNDS = {"under": "<", "below": "<", "over": ">", "above": ">"}
_NUMERAL = re.compile(r"\d+(?:\.\d+)?")
_HUNG = frozenset({"on", "hanging", "hung", "above", "over", "frame", "frames", "framed"})  # a picture as a thing
# things whose word is also an action: followed by what it acts on, the action ("a man painting a fence")
_ALSO_ACTIONS = frozenset({"building", "painting", "park"})  # "where did i park my car"
_DETERMINERS = frozenset({"a", "an", "the", "some", "his", "her", "their", "my", "our", "its", "your", "this", "that"})
_YEAR = re.compile(rf"{_CENTURY}\d\d")  # a year, unless it counts something
_DECADE = re.compile(rf"{_CENTURY}\d0s")  # "the 1990s" (and "the 90s", `_TWO_DIGIT_DECADE`)
_AGE = re.compile(r"\d0s")  # "a man in his 30s": how old, which no network sees
_BEFORE_A_DATE = frozenset({"in", "from", "since", "during", "until", "till", "to", "of", "before", "after"})
# Days said in words, counted back from today (the calendar of the machine searching; `query_dates`)
DATE_SPANS = ("today", "yesterday", "this week", "last week", "this weekend", "last weekend", "this month",
              "last month", "this year", "last year")
_DATE_STARTS = frozenset(span.split()[0] for span in DATE_SPANS)


@dataclass(frozen=True)
class _Count:
    """A count said before a concept: `op` `n`, and at least `low` as well ("up to three": one to
    three, "between 2 and 5")."""

    op: str
    n: int
    low: int = 0


def _worn(items: list[Node]) -> list[Node]:
    """Coloured clothes beside a person are the person's colours too ("a man in a red shirt", "a
    woman in red"): what a person wears covers most of their pixels, and few photos' clothes are a
    region of their own (ADE20K's apparel), so either a red piece of clothing or a person mostly
    red answers."""
    if not any(isinstance(t, Term) and t.class_name == "person" and t.colour is None for t in items):
        return items

    def worn(node: Node) -> Node:
        if isinstance(node, Or):  # "a man in red or blue"
            alternatives = [worn(item) for item in node.items]
            return _joined(Or, [a for alt in alternatives for a in (alt.items if isinstance(alt, Or) else (alt,))])
        if isinstance(node, And):  # "dressed in white and blue"
            return _joined(And, [worn(item) for item in node.items])
        if isinstance(node, Term) and node.class_name == "apparel" and node.colour is not None \
                and node.at_least_one and node.area_op is None:
            return Or((node, replace(node, class_name="person")))
        return node

    return [worn(item) for item in items]


# Scenes of people that hold the people said with them ("a family with 2 kids": the kids are the
# family's; "a couple with a baby" is three)
_COLLECTIVE_PEOPLE = frozenset({"group", "crowd"})


def _people_add_up(items: list[Node], joined: list[Node], collective: Sequence[Node] = ()) -> list[Node]:
    """People named apart count together: "a man and a woman" is at least two people, "two men
    and a woman" three, "a mother with her baby" two (at-least counts without an area bound, the
    later one after a conjunction: "a baby girl" is one). Only people: "toast and jam" is food,
    not two foods. People said with a group or crowd (`collective`, `_COLLECTIVE_PEOPLE`) are
    among its people: the larger count ("a group with at least 10 people": 10, not 13)."""
    out: list[Node] = []
    for item in items:
        if any(item is j for j in joined) and isinstance(item, Term) and item.class_name == "person" \
                and item.count_op == ">=" and item.area_op is None:
            same = next((i for i, t in enumerate(out) if isinstance(t, Term) and t.class_name == item.class_name
                         and t.count_op == ">=" and t.area_op is None), None)
            if same is not None:
                t = out[same]
                assert isinstance(t, Term)
                among = any(t is c or item is c for c in collective)
                out[same] = Term(t.class_name, ">=", max(t.count, item.count) if among
                                 else min(t.count + item.count, MAX_COUNT))
                continue
        if not any(item == t for t in out):  # "a baby girl": one person
            out.append(item)
    return out


def _is_number(token: str | None) -> bool:
    return token is not None and (token in NUMBER_WORDS or _NUMERAL.fullmatch(token) is not None)


def _joined(kind: type[And] | type[Or], items: list[Node]) -> Node:
    """AND or OR of the items, each once ("a double decker bus": bus, not bus and bus). An AND
    that asks for a thing and for none of it ("dogs but not puppies": a puppy is a dog to every
    network) matches no photo, which is said instead of answered."""
    unique = list(dict.fromkeys(items))
    if kind is And:  # "a portrait of a woman": a person filling a fifth of the photo is a person
        unique = [t for t in unique if not (_bare(t) and any(isinstance(o, Term) and o is not t and o.class_name ==
                                                                t.class_name and o.count_op in (">=", "=")
                                                                and o.count >= 1 for o in unique))]
        wanted = {t.class_name for t in unique if isinstance(t, Term)}
        for item in unique:
            if isinstance(item, Not) and isinstance(item.item, Term) and item.item.class_name in wanted \
                    and _bare(item.item):
                name = item.item.class_name
                raise QueryError(f"this asks for {_a(name)} and for no {name} at once, which no photo can be: "
                                 f"segsearch reads both words as {name} (`segsearch vocabulary {name}` lists them)")
    return unique[0] if len(unique) == 1 else kind(tuple(unique))


def _bare(node: Node) -> TypeGuard[Term]:
    """A term that asks only that its concept be there (at least one, any size, any colour)."""
    return isinstance(node, Term) and (node.count_op, node.count, node.area_op, node.colour) == (">=", 1, None, None)


def _a(name: str) -> str:
    return ("an " if name[0] in "aeiou" else "a ") + name


def _kind_counted(name: str, count: _Count, depth: int) -> Node | None:
    """A count of a kind of things (`KINDS_OF_THINGS`: "two drinks", "fewer than 3 pieces of
    furniture") as a count of a concept of several labels is taken (`store.catalogue`): at least
    (or exactly) n of one of its things, at most n of each, so "two drinks" are two bottles, two
    cups, two wine glasses or two glasses. None for another scene, or one with a thing of no
    count (stuff)."""
    if name not in KINDS_OF_THINGS:
        return None
    node = _scene(name, vocabulary().concepts[name].definition or "", depth)
    items = node.items if isinstance(node, Or) else (node,)
    if not all(isinstance(t, Term) and t == Term(t.class_name) and vocabulary().concepts[t.class_name].kind == "thing"
               for t in items):
        return None
    names = [t.class_name for t in items if isinstance(t, Term)]
    counted = _joined(And if count.op in ("<", "<=") else Or, [Term(n, count.op, count.n) for n in names])
    return And((_joined(Or, [Term(n, ">=", count.low) for n in names]), counted)) if count.low else counted


def _scene(name: str, definition: str, depth: int) -> Node:
    if depth > 4:
        raise QueryError(f"scene '{name}' is defined in terms of itself")
    return _Parser(tokenize(definition), depth + 1).parse()


def parse(text: str) -> Node:
    """Parse a query; QueryError (one line) on anything malformed or too large."""
    return parse_noting(text)[0]


def parse_noting(text: str) -> tuple[Node, list[str]]:
    """`parse`, and the words it left out, in order: what a search for the text does not look for
    ("a big car" → car, ["big"])."""
    if not isinstance(text, str):
        raise QueryError("a query must be text")
    node, left_out, _ = _parsed(text)
    return node, list(left_out)


@functools.lru_cache(maxsize=256)
def _parsed(text: str) -> tuple[Node, tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Parsed once per text: the CLI and the web API ask for a query's left-out words beside the
    search, and a query of many unknown words costs a did-you-mean look-up each (0.2 s at most);
    with the words said for a kind of a `BROAD` concept (`broadened`)."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text)} characters; at most {MAX_QUERY_CHARS})")
    tokens = tokenize(text)
    if len(tokens) > MAX_TOKENS:
        raise QueryError(f"query too long ({len(tokens)} words and symbols; at most {MAX_TOKENS})")
    parser = _Parser(tokens)
    node = parser.parse()
    _countable(node)
    return node, tuple(parser.ignored), tuple(parser.kinds)


def _a_kind_of(word: str, concept: str) -> bool:
    """Whether `word` names one kind of a `BROAD` concept ("squirrel": an animal), not the whole
    ("animals", "wildlife": `GENERIC`) nor one of its networks' labels ("skyscraper")."""
    return concept in BROAD and word not in BRANDS and word not in _the_whole(concept)


@functools.cache
def _the_whole(concept: str) -> frozenset[str]:
    """The words that name a `BROAD` concept as a whole, in both numbers: its name and how it is
    said, the `GENERIC` words, and the names of its networks' labels."""
    names = GENERIC | {concept, *BROAD[concept]} | {label for _, label in vocabulary().concepts[concept].members}
    return frozenset(names | {plural for name in names for plural in plural_forms(name)})


def broadened(text: str) -> list[tuple[str, str]]:
    """The words of `text` searched as any of a `BROAD` concept, as (word, concept), in order
    ("a squirrel in the park": [("squirrel", "animal")]); QueryError as `parse`."""
    node, _, kinds = _parsed(text)
    searched = set(positive_classes(node))
    return list(dict.fromkeys(kind for kind in kinds if kind[1] in searched))


def broadened_note(kinds: list[tuple[str, str]]) -> str:
    """One line saying which words were searched as any of their kind: "no network tells a
    'squirrel' from other animals: searched for any animal"."""
    by_concept: dict[str, list[str]] = {}
    for word, concept in kinds:
        by_concept.setdefault(concept, []).append(repr(word))
    return "; ".join(f"no network tells {' or '.join(words)} from other {BROAD[c][1]}: searched for any {BROAD[c][0]}"
                     for c, words in by_concept.items())


def _countable(node: Node, negated: bool = False) -> None:
    """QueryError where a count asks for more of a thing than any photo's count can reach
    (`COUNTABLE`: "1000 people", "more than 100 birds"), which would find no photo without a word
    of why; under NOT such a count holds everywhere and is harmless."""
    if isinstance(node, Not):
        _countable(node.item, not negated)
    elif isinstance(node, (And, Or)):
        for item in node.items:
            _countable(item, negated)
    elif not negated and node.count_op in (">=", ">", "=") and node.count + (node.count_op == ">") > COUNTABLE:
        many = plural_forms(node.class_name)[0]
        raise QueryError(f"segsearch counts at most {COUNTABLE} of a thing in a photo, so none has "
                         f"{'more than ' if node.count_op == '>' else ''}{node.count} {many}: "
                         f"ask for \"many {many}\" instead")


def query_dates(text: str, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date] | None:
    """The days a query names as when its photos were taken: years ("beach 2019", "dogs from 2019
    to 2021") and `DATE_SPANS` ("cats last year", "today"), from the first day of the earliest to
    the end of the latest, as (first day, the day after the last), or None. Spans count back from
    `today` (default: this machine's calendar day); a week starts on Monday. A year before a thing is
    its photos' year ("2019 dogs"), but for a model's ("a 2019 toyota", `_Parser._model_year`) or
    after a count ("at least 2000 people")."""
    return _days([w for w in _parsed(text)[1] if _when(w)], today or datetime.date.today())


def _days(words: Sequence[str], today: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """The days that words of when (`_when`) name together: from the first day of the earliest to
    the end of the latest, as (first day, the day after the last); None for no words. A bound
    said open ("until 2020", "since 2018") is closed by a date said with it: "from 2018 until
    2020" is 2018 to 2020, not every day up to 2020."""
    if not words:
        return None
    spans = [(_span(w, today), w.split()[0]) for w in words]
    starts = [a for (a, _), how in spans if how not in _OPEN_BEFORE]
    ends = [b for (_, b), how in spans if how not in _OPEN_AFTER]
    return (min(starts) if starts else _EARLIEST,
            max(ends) if ends else max(b for (_, b), _ in spans))


_OPEN_BEFORE = frozenset({"until", "till", "before"})  # "until 2020": every day up to the end of 2020
_OPEN_AFTER = frozenset({"since", "after"})  # "since 2018": every day from 2018 to today


# Months and seasons said with a year ("june 2019", "summer of 2019") or counted back from today
# ("last summer", "this spring", "last june"). Seasons are meteorological, three whole months from
# the first named here, in the northern hemisphere unless this machine is in the southern one
# (`hemisphere`: there summer begins in December); a year's season that spans its start is the one
# its January belongs to (northern winter 2019: December 2018 to February 2019).
MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march",), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december",)), start=1) for name in names}
MONTH_NAMES = {number: name for name, number in reversed(MONTHS.items())}  # 7: "july", its first name
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}  # the northern hemisphere's
# A date compared, as of photos: "older than 2010" is before it, "newer than march 2020" after it
# (a year, a decade, a month or season, "last ..." or "this ..."; "older than 60" is an age)
_THAN_A_DATE = re.compile(r"\b(?:(older|earlier)|newer|later|more recent)\s+than\b(?=\s+(?:the\s+)?(?:\d{4}s?|\d0s|"
                          + "|".join(sorted({*MONTHS, *SEASONS, "last", "this"}, key=len, reverse=True)) + r")\b)")
# Time zones of the temperate south, whose seasons are the north's six months on (tropical zones keep
# the north's: their seasons are wet and dry, not these)
_SOUTHERN_ZONES = re.compile(r"(?:Australia|Antarctica|Chile|NZ|NZ-CHAT)(?:/.*)?|Pacific/(?:Auckland|Chatham)"
                             r"|America/(?:Argentina/.*|Buenos_Aires|Catamarca|Cordoba|Jujuy|Mendoza|Santiago"
                             r"|Punta_Arenas|Montevideo|Asuncion|Sao_Paulo)|Brazil/East"
                             r"|Africa/(?:Johannesburg|Maseru|Mbabane|Windhoek)|Atlantic/Stanley")


@functools.cache
def _local_zone() -> str:
    """This machine's IANA time zone name ("Europe/Paris"), or "" where it cannot be told."""
    zone = os.environ.get("TZ", "").lstrip(":")
    if zone and "/" in zone:
        return zone.split("zoneinfo/")[-1]
    try:
        with open("/etc/timezone") as f:
            return f.read().strip()
    except OSError:
        pass
    try:
        return os.readlink("/etc/localtime").split("zoneinfo/")[-1]
    except OSError:
        return ""


def hemisphere() -> str:
    """Whose seasons "summer" means: $SEGSEARCH_HEMISPHERE ("north" or "south"), else the south
    where this machine's time zone is a temperate southern one (`_SOUTHERN_ZONES`), else the north."""
    said = os.environ.get("SEGSEARCH_HEMISPHERE", "").strip().lower()
    if said in ("north", "south"):
        return said
    return "south" if _SOUTHERN_ZONES.fullmatch(_local_zone()) else "north"


def _period(words: Sequence[str]) -> tuple[int, int, int | str] | None:
    """A month or season said with a year or counted back: (first month, months, the year or
    "last"/"this"), or None. "last" is the latest one over before today, "this" the latest begun
    ("this summer" in November is the summer just gone)."""
    def named(word: str) -> tuple[int, int] | None:
        if word in MONTHS:
            return MONTHS[word], 1
        if word not in SEASONS:
            return None
        return ((SEASONS[word] + 5) % 12 + 1 if hemisphere() == "south" else SEASONS[word]), 3

    if len(words) == 2 and words[0] in ("last", "this") and (n := named(words[1])):
        return n[0], n[1], words[0]
    if len(words) in (2, 3) and (n := named(words[0])) and _YEAR.fullmatch(words[-1]) \
            and (len(words) == 2 or words[1] == "of"):
        return n[0], n[1], int(words[-1])
    return None


_DAY_OF_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")


def _day(words: Sequence[str], calendar: bool = True) -> tuple[int, int, int | None] | None:
    """A day of a month, with its year or not: (month, day, year or None), or None. Said as "july
    4", "july 4th, 2019", "4 july 2019", "the 4th of july" (the article arrives skipped); a day the
    month lacks ("february 30") is none, unless not `calendar`. Without a year it names a day of
    every year, which the date filters (one span of days) cannot keep: it is left out, like a month
    alone."""
    said = list(words)
    year = int(said.pop()) if len(said) > 2 and _YEAR.fullmatch(said[-1]) else None
    if year is not None and said[-1:] == [","]:  # "july 4, 2019"
        said.pop()
    if len(said) == 3 and said[1] == "of" and said[2] in MONTHS:  # "4th of july"
        said = said[::2]
    if len(said) != 2:
        return None
    number, month = (said[1], said[0]) if said[0] in MONTHS else (said[0], said[1])
    day = _DAY_OF_MONTH.fullmatch(number)
    if month not in MONTHS or day is None:
        return None
    if calendar and not _on_the_calendar(year, MONTHS[month], int(day.group(1))):
        return None
    return MONTHS[month], int(day.group(1)), year


def _on_the_calendar(year: int | None, month: int, day: int) -> bool:
    """Whether the day is one of its month's (of any year without one: february 29 is)."""
    try:
        datetime.date(year or 2000, month, day)  # 2000: a leap year
    except ValueError:
        return False
    return True


_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
          "year": "year", "years": "year"}
_MOST_BACK = 1000  # of any unit: more is no span a photo library holds ("the last 5000 years")
_AMOUNTS = {"a": 1, "an": 1, "few": 3, "a few": 3, "couple": 2, "a couple": 2, "several": 5}
# Amounts said loosely, as the units back they may mean: "a few weeks ago" is no one week
_ROUGHLY = {"few": (2, 5), "a few": (2, 5), "several": (3, 9)}
_OPEN_ENDED = ("since", "after", "before", "until", "till")
_EARLIEST = datetime.date(1800, 1, 1)  # before any photo: the first day of the years read as dates


def _amount(words: Sequence[str]) -> int | None:
    """How many units `words` say: digits, a number word, "a", "a few" (3), "a couple" (2); None."""
    said = " ".join(words)
    n = int(said) if said.isdigit() else NUMBER_WORDS.get(said, _AMOUNTS.get(said))
    return n if n is not None and 0 < n <= _MOST_BACK else None


def _relative(said: Sequence[str]) -> tuple[str, int | str, str] | None:
    """Days said around others or counted from today, as (how, amount or date phrase, unit or
    second date phrase), else None:
    "last 2 weeks", "past 30 days" ("back": today and the days before it), "2 years ago", "a month
    ago" ("ago": that day, week, month or year), "a few weeks ago" ("about": the units `_ROUGHLY`
    may mean), "older than 5 years", "newer than a week", "since
    2020", "after june 2019", "before 2015", "until 2018", "up to 2018" (open-ended), "between 2015
    and 2018"."""
    said = list(said)
    if len(said) >= 3 and said[0] in ("last", "past") and said[-1] in _UNITS and (n := _amount(said[1:-1])):
        return "back", n, _UNITS[said[-1]]
    if len(said) >= 3 and said[-1] == "ago" and said[-2] in _UNITS and (n := _amount(said[:-2])):
        return ("about", " ".join(said[:-2]), _UNITS[said[-2]]) if " ".join(said[:-2]) in _ROUGHLY \
            else ("ago", n, _UNITS[said[-2]])
    if len(said) >= 4 and said[0] in ("older", "newer") and said[1] == "than" and said[-1] in _UNITS \
            and (n := _amount(said[2:-1])):
        return said[0], n, _UNITS[said[-1]]
    if said[:2] == ["up", "to"]:  # "up to 2015": until
        said = ["until"] + said[2:]
    rest = said[2:] if said[1:2] == ["the"] else said[1:]  # "after the 90s"
    if rest and said[0] in _OPEN_ENDED and _fixed(rest):
        return said[0], " ".join(rest), ""
    if len(said) == 4 and said[0] == "between" and said[2] == "and" and _fixed(said[1:2]) and _fixed(said[3:]):
        return "between", said[1], said[3]
    return None


def _fixed(words: Sequence[str]) -> bool:
    """Whether `words` name days of the calendar: a year, a decade, a month or season of a year or
    counted back, a day with its year, or one of `DATE_SPANS`."""
    said = " ".join(words)
    return bool(_YEAR.fullmatch(said) or _DECADE.fullmatch(said)) or said in DATE_SPANS \
        or _period(words) is not None or ((day := _day(words)) is not None and day[2] is not None)


def _relative_span(how: str, amount: int | str, unit: str, today: datetime.date
                   ) -> tuple[datetime.date, datetime.date]:
    """The days of a `_relative` phrase: (first, the day after the last)."""
    day = datetime.timedelta(days=1)
    if how == "between":  # in either order ("between 2018 and 2015")
        (a, a_after), (b, b_after) = _span(str(amount), today), _span(unit, today)
        return min(a, b), max(a_after, b_after)
    if how == "about":  # "a few weeks ago": from the earliest week it may mean to the latest
        most, least = _ROUGHLY[str(amount)][1], _ROUGHLY[str(amount)][0]
        return _relative_span("ago", most, unit, today)[0], _relative_span("ago", least, unit, today)[1]
    if isinstance(amount, str):  # open-ended from or to a date
        first, after = _span(amount, today)
        return {"since": (first, max(after, today + day)), "after": (after, max(after, today + day)),
                "before": (_EARLIEST, first), "until": (_EARLIEST, after), "till": (_EARLIEST, after)}[how]
    back = _back_from(today, amount, unit)
    if how == "back":  # "the last 2 weeks": today and the 13 days before it
        return back + day, today + day
    if how == "older":
        return _EARLIEST, back + day
    if how == "newer":
        return back + day, today + day
    if unit == "day":  # "ago": the day, week (Monday on), month or year it falls in
        return back, back + day
    if unit == "week":
        monday = back - back.weekday() * day
        return monday, monday + 7 * day
    if unit == "month":
        first = back.replace(day=1)
        return first, _months_later(first, 1)
    return datetime.date(back.year, 1, 1), datetime.date(back.year + 1, 1, 1)


def _back_from(today: datetime.date, n: int, unit: str) -> datetime.date:
    """The day `n` days, weeks, months or years before `today` (a month's day where it lacks it: its last)."""
    if unit in ("day", "week"):
        return today - datetime.timedelta(days=n * (7 if unit == "week" else 1))
    months = n * (12 if unit == "year" else 1)
    first = _months_later(today.replace(day=1), -months)
    last_day = (_months_later(first, 1) - datetime.timedelta(days=1)).day
    return first.replace(day=min(today.day, last_day))


def _months_later(day: datetime.date, months: int) -> datetime.date:
    """The first of the month `months` after `day`'s."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


# Words for photos ("20 photos of dogs": how many, `_Parser._counts_photos`); what an order word
# orders when it comes before one of these ("recent photos of my dog") or "first" ("dogs, newest
# first", `_PHOTO_WORDS`); elsewhere beside things it is a look ("old cars")
_PHOTO_NOUNS = frozenset({"photo", "photos", "picture", "pictures", "pic", "pics", "image", "images", "shot", "shots",
                          "snap", "snaps", "snapshot", "snapshots", "photograph", "photographs", "selfie", "selfies"})
_PHOTO_WORDS = _PHOTO_NOUNS | {"first"}
_EVERYTHING = frozenset({"all", "every", "everything", "anything"})  # said alone: every photo
# Words between a number of photos and the word for them ("the 5 best photos", "10 more pictures")
_RANKING_PHOTOS = frozenset({"best", "top", "favourite", "favorite", "favourites", "favorites", "latest", "recent",
                             "newest", "oldest", "last", "first", "good", "great", "nice", "more", "other", "random",
                             "different", "new", "old"})
# Words after which a number counts or dates, never names (`_Parser._number_names`): "at least 3",
# "the 3 dogs", "photos of 2 cats", "top 10", "around 5 people"
_NO_NAME_BEFORE = (FILLER | RESERVED | set(VAGUE_COUNTS) | set(COLLECTIVE) | set(FRAME_SHARE) | set(_COMPARING)
                   | _BEFORE_A_DATE | _DATE_STARTS | set(MONTHS) | set(SEASONS) | _PHOTO_WORDS | set(ORDER_WORDS)
                   | {"approximately", "roughly", "nearly", "almost", "x", "times", "page"})


@functools.lru_cache(maxsize=256)  # asked of one text by the search, the CLI's days and its note, the API
def date_order(text: str) -> str | None:
    """How a query ranks its photos by when they were taken, "newest" or "oldest" first, or None
    (by score): an order word before a word for photos ("recent photos of my dog", "my oldest
    pictures of cats") or "first" ("dogs, newest first") orders whatever the query finds; dates,
    looks or order words alone (`EVERY_PHOTO`: "photos from 2019", "old photos") ask for every
    photo, newest first unless an order word says otherwise. The first order word said decides.
    QueryError as `parse`."""
    node, left_out, _ = _parsed(text)
    tokens = tokenize(text)
    between = {t for w in left_out for t in w.split()} | {"and"}  # "old black and white photos of people"

    def orders(at: int) -> bool:
        after = next((t for t in tokens[at + 1:] if t not in between or t in _PHOTO_WORDS), None)
        return tokens[at] in ORDER_WORDS and tokens[at] in left_out and after in _PHOTO_WORDS

    said = next((ORDER_WORDS[tokens[i]] for i in range(len(tokens)) if orders(i)), None)
    if node != EVERY_PHOTO:
        return said
    return said or next((ORDER_WORDS[w] for w in left_out if w in ORDER_WORDS), "newest")


# Words that rank photos by how many of a thing they show, said before it ("the photo with the
# most people", "the fewest cars"): True where most come first; "at most 3" and "most of" are none
RANKING_COUNTS = {"most": True, "fewest": False, "least": False}
# Before a group of people, words of size that rank by how many are in it ("the largest group of
# people", "the biggest crowd", "the smallest family")
_SIZE_RANKING = {"biggest": True, "largest": True, "smallest": False}


@dataclass(frozen=True)
class CountOrder:
    """A query's ranking by how many of a thing each photo shows (`count_order`)."""

    word: str  # as said: most, fewest, least
    concept: str  # what is counted, a thing the query searches for

    @property
    def most(self) -> bool:
        return (RANKING_COUNTS | _SIZE_RANKING)[self.word]

    def things(self) -> str:
        """What is counted, in the plural: "people", "dogs"."""
        return (plural_forms(self.concept) or [self.concept])[0]

    def said(self) -> str:
        """The order in words: "most people first"."""
        return f"{'most' if self.most else 'fewest'} {self.things()} first"


@functools.lru_cache(maxsize=256)  # asked of one text by the search, the CLI's note and the API
def count_order(text: str) -> CountOrder | None:
    """How a query ranks its photos by how many of a thing they show, or None (by score): a ranking
    word (`RANKING_COUNTS`) before a thing the query searches for, colours between allowed ("the
    photo with the most people", "the most red cars", "the fewest dogs"), or before a word of
    crowds, which counts people ("the most crowded beach"); a word of size before a group of
    people counts them too ("the largest group of people", "the biggest crowd"). The count is the
    one count filters read ("3 dogs"): the detector's boxes where it knows the thing. Stuff is no
    number of things ("the most sky"): no ranking. The first ranking word said decides.
    QueryError as `parse`."""
    node, left_out, _ = _parsed(text)
    tokens, searched = tokenize(text), positive_classes(node)
    for i, tok in enumerate(tokens):
        if tok in _SIZE_RANKING and tok in left_out and _a_group_at(tokens, i + 1):  # "the biggest crowd"
            return CountOrder(tok, "person")
        if tok not in RANKING_COUNTS or tok not in left_out or (i and tokens[i - 1] == "at"):
            continue
        at = i + 1
        while at < len(tokens) and tokens[at] not in _CROWDS_IN and _colour_said(tokens[at]):
            at += 1
        if at < len(tokens) and tokens[at] in _CROWDS_IN:  # of any photo the query finds, people or none
            return CountOrder(tok, "person")
        said = concept_at(tokens, at)
        if said is not None and said.name in searched and said.kind == "thing":
            return CountOrder(tok, said.name)
    return None


def _a_group_at(tokens: list[str], at: int) -> bool:
    """Whether a group of people is said at `at`: a word for one ("crowd", "group", "family"), or
    a number of people, as "a group of people" reads ("3 people", `_groups_of`)."""
    concept = concept_at(tokens, at)
    if concept is not None:
        return concept.name in ("group", "crowd")
    counted = concept_at(tokens, at + 1) if at < len(tokens) and _is_number(tokens[at]) else None
    return counted is not None and counted.name == "person"


def photo_order(text: str) -> str | CountOrder | None:
    """How a query ranks its photos: by when they were taken (`date_order`, which wins where a
    query says both), by how many of a thing they show (`count_order`), or None (by score)."""
    return date_order(text) or count_order(text)


def when_listing() -> list[dict[str, object]]:
    """The words of when, of order and of cameras, as `Vocabulary.listing` lists concepts (kinds
    "when", "order" and "camera"), for `segsearch vocabulary`."""
    def ordered(order: str) -> list[str]:
        return sorted(w for w, o in ORDER_WORDS.items() if o == order)

    when: list[dict[str, object]] = [{
        "concept": "when taken", "kind": "when", "labels": [],
        "words": [*DATE_SPANS, *sorted(MONTHS, key=MONTHS.__getitem__), *SEASONS],
        "definition": "when the photos were taken (the EXIF date, else the file's; said alone, every photo then, "
                      "newest first): a year ('beach 2019', 'from 2019 to 2021'), a decade after 'the' ('the 90s'), "
                      "a month or season with a year or after last or this ('june 2019', 'last summer'; "
                      f"seasons of the {hemisphere()}ern hemisphere, $SEGSEARCH_HEMISPHERE or the time zone's), "
                      "a day with its year ('july 4 2019', 'the 4th of july 2019'), days counted back from today "
                      "('last week', 'the last 3 months', '2 years ago', 'older than 5 years'), or open-ended "
                      "('since 2020', 'before june 2015', 'between 2015 and 2018')"}]
    return when + [{
        "concept": f"{order} first", "kind": "order", "labels": [], "words": ordered(order),
        "definition": f"before a word for photos ('{ordered(order)[0]} photos of my dog') or with nothing else to "
                      f"find: the photos by when they were taken, {order} first"}
        for order in ("newest", "oldest")] + [{
        "concept": f"{most} first", "kind": "order", "labels": [],
        "words": sorted(w for w, m in RANKING_COUNTS.items() if m == (most == "most")),
        "definition": f"before a thing the query searches for ('the photo with the {most} people', 'the {most} "
                      f"dogs'), or before 'crowded' (people): the photos by how many of it they show, {most} first"}
        for most in ("most", "fewest")] + [{
        "concept": "camera", "kind": "camera", "labels": [], "words": sorted(CAMERAS),
        "definition": "the camera that took the photos, by its EXIF make and model, where photos are said to be "
                      "taken with it ('photos from my iphone', 'shot on a pixel', 'taken with my canon', 'gopro "
                      "videos'); a make of cameras only ('canon', 'nikon', 'gopro') anywhere"}]


def when_word(word: str) -> str | None:
    """The `when_listing` concept a word or phrase belongs to ("last summer", "june 2019", "1990s":
    when taken; "recent": newest first; "most": most first; "canon", "from my iphone": camera), or
    None."""
    if _when(word) or _undated(word):
        return "when taken"
    if word in CAMERAS or _camera_phrase(word):
        return "camera"
    if word in RANKING_COUNTS:
        return f"{'most' if RANKING_COUNTS[word] else 'fewest'} first"
    return f"{ORDER_WORDS[word]} first" if word in ORDER_WORDS else None


def _span(said: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The days of a year, a month or season (`_period`), of days around others or counted back
    (`_relative`) or of a `DATE_SPANS` phrase: (first, the day after the last)."""
    day = datetime.timedelta(days=1)
    if _YEAR.fullmatch(said):
        return datetime.date(int(said), 1, 1), datetime.date(int(said) + 1, 1, 1)
    if _DECADE.fullmatch(said):
        return datetime.date(int(said[:4]), 1, 1), datetime.date(int(said[:4]) + 10, 1, 1)
    if (day_of := _day(said.split())) and day_of[2] is not None:
        first = datetime.date(day_of[2], day_of[0], day_of[1])
        return first, first + day
    if period := _period(said.split()):
        month, months, when = period
        if isinstance(when, int):  # a season across the new year belongs to the year of its January
            first = datetime.date(when - (month + months > 13), month, 1)
        else:  # the latest begun, or over, by today
            first = datetime.date(today.year, month, 1)
            while first > today or (when == "last" and _months_later(first, months) > today):
                first = first.replace(year=first.year - 1)
        return first, _months_later(first, months)
    if relative := _relative(said.split()):  # "the last 2 weeks", "2 years ago", "since 2020"
        return _relative_span(*relative, today)
    monday, first = today - today.weekday() * day, today.replace(day=1)
    last_month = (first - day).replace(day=1)
    return {"today": (today, today + day), "yesterday": (today - day, today),
            "this week": (monday, today + day), "last week": (monday - 7 * day, monday),
            "this weekend": (monday + 5 * day, monday + 7 * day), "last weekend": (monday - 2 * day, monday),
            "this month": (first, today + day), "last month": (last_month, first),
            "this year": (today.replace(month=1, day=1), today + day),
            "last year": (datetime.date(today.year - 1, 1, 1), datetime.date(today.year, 1, 1))}[said]


def _when(word: str) -> bool:
    """A left-out word (or phrase) that says when the photos were taken: a year, a date span."""
    return _fixed(word.split()) or _relative(word.split()) is not None


def _undated(word: str) -> bool:
    """A left-out month, season or day of a month said without a year ("dogs in june", "on december
    25"): of every year, which the date filters cannot keep."""
    return word in MONTHS or word in SEASONS or (day := _day(word.split())) is not None and day[2] is None


# Endings of words that give the colour before them to a part ("red-haired", "blue-eyed")
_PART_OF = ("haired", "eyed", "skinned", "faced", "headed", "bearded", "legged", "tailed", "winged", "nosed", "bellied",
            "breasted", "throated", "backed", "footed", "collared", "roofed")  # not a pattern: "red and white striped"


def _look_typed(said: list[str]) -> str:
    """The black-and-white words (`_Parser._black_and_white`) as typed: "b/w" arrives as "b or w"."""
    if len(said) == 1 or said[0] == "black":
        return " ".join(said)
    return "b/w" if said[1] == "or" else "b&w"


def _look(word: str) -> bool:
    """A word left out because it says how the photo looks, which the black-and-white filter reads,
    or that it is in colour (`_in_colour_said`); either negated ("no black and white")."""
    return _grey_said(word) or _colour_photo_said(word)


def _negated(word: str) -> str | None:
    """What a left-out phrase negates ("no black and white" → "black and white"), or None."""
    said = word.split(" ", 1)
    return said[1] if len(said) == 2 and said[0] in _PHOTO_NEGATIONS else None


def _grey_said(word: str) -> bool:
    """A left-out phrase that asks for black-and-white photos: a look ("b&w") or colour negated
    ("not in colour")."""
    return word in LOOKS or (rest := _negated(word)) is not None and _in_colour_said(rest)


def _colour_photo_said(word: str) -> bool:
    """A left-out phrase that asks for photos in colour ("colour photos", "no black and white")."""
    return _in_colour_said(word) or (_negated(word) or "").removeprefix("in ") in LOOKS


def _in_colour_said(word: str) -> bool:
    """A left-out phrase that says the photo is in colour ("in colour", "colour photos")."""
    said = word.split()
    return len(said) == 2 and (said[0] == "in" and said[1] in IN_COLOUR
                               or said[0] in COLOUR_LOOK and (said[1] in _PHOTO_WORDS or said[1] in SHAPES))


def query_in_colour(text: str) -> bool:
    """Whether a query asks for photos in colour, not black and white ("colour photos of the
    city"); QueryError as `parse`."""
    return any(_colour_photo_said(w) for w in _parsed(text)[1])


def query_shape(text: str) -> str | None:
    """The photo shape a query asks for (`SHAPES`: "vertical photos of dogs", "panoramas"), or
    the one it asks photos not to have, as "not vertical" ("dogs that are not vertical", "no
    panoramas"): the first said, or None; QueryError as `parse`."""
    return next(("not " * (_negated(w) is not None) + SHAPES[shape] for w in _parsed(text)[1]
                 if (shape := _shape_of(w))), None)


# Words that negate the photo's shape or look ("dogs not vertical", "no black and white photos")
_PHOTO_NEGATIONS = ("not", "no", "without")


def query_camera(text: str) -> tuple[str, ...]:
    """The cameras a query says its photos were taken with ("photos from my iphone": ("iphone",)),
    as the words their EXIF make and model holds (`CAMERAS`), for the search's filter; () for none.
    QueryError as `parse`."""
    return tuple(dict.fromkeys(make for w in _parsed(text)[1] for make in _camera_phrase(w) or ()))


_CAMERA_PHRASE = re.compile(rf"(?:(?:{'|'.join(sorted(_CAMERA_BEFORE | _CAMERA_ON))})"
                            rf"(?: (?:{'|'.join(sorted(_CAMERA_OWNER))}))? )?({'|'.join(sorted(CAMERAS))})"
                            rf"(?: {_CAMERA_MODEL.pattern})?(?: (?:{'|'.join(_CAMERA_NOUNS)}))?"
                            rf"(?: (?:{'|'.join(sorted(_PHOTO_NOUNS))}|videos?|footage))?")


def _camera_phrase(word: str) -> tuple[str, ...] | None:
    """The camera a left-out phrase says the photos were taken with (`_Parser._camera_said`: "on my
    iphone", "gopro videos", a make of cameras only alone, "canon"), as `CAMERAS` gives it; else None."""
    said = _CAMERA_PHRASE.fullmatch(word)
    if said is None or (word == said[1] and said[1] not in _CAMERAS_ONLY):
        return None
    return CAMERAS[said[1]]


def _shape_of(word: str) -> str | None:
    """The shape word of a left-out word or phrase ("panoramas", "portrait orientation", "square
    photos", "colour panoramas", and negated: "not vertical"), or None ("square" of "a square
    table")."""
    said = word.split()
    if (negated := _negated(word)) is not None:  # `_Parser._negated_shape_or_look`
        return _shape_of(negated)
    if word in SHAPES and word not in SHAPES_BEFORE_A_PHOTO:
        return word
    if len(said) == 2 and said[0] in SHAPES_BEFORE_A_PHOTO and said[1] in _PHOTO_WORDS:
        return said[0]
    return _shape_of(said[1]) if len(said) == 2 and said[1] in SHAPES and _in_colour_said(word) else None


def query_looks(text: str) -> bool:
    """Whether a query asks for black-and-white photos ("black and white photos of dogs", "b&w
    portrait"); QueryError as `parse`."""
    return any(_grey_said(w) for w in _parsed(text)[1])


def _colour_modifiers(tokens: list[str], at: int) -> int:
    """How many words from `at` modify the colour word after them ("light", "navy" of "navy blue",
    "sky" of "sky blue": `COLOUR_MODIFIERS`, and a colour word before another)."""
    n = 0
    while at + n + 1 < len(tokens) and (tokens[at + n] in COLOUR_MODIFIERS or tokens[at + n] in COLOUR_WORDS) \
            and tokens[at + n + 1] in COLOUR_WORDS:
        n += 1
    return n


def _filtering(word: str) -> bool:
    """A left-out word or phrase that a search's filters read: a date, a look, a shape, a camera."""
    return bool(_when(word) or _look(word) or _shape_of(word) or _camera_phrase(word))


def _filling(word: str) -> bool:
    """A word of how much of the photo a thing fills ("mostly", "most of the photo"), left out
    where no thing follows it to fill ("dogs mostly", "sky in most of the photo")."""
    return word in FRAME_SHARE or word in ("close", "close up", "close ups") or word.startswith("most of ")


def _graded(word: str) -> bool:
    """Whether `word` is the comparative or superlative of an `UNINDEXED` describing word
    ("bigger", "biggest", "largest", "busiest", "emptier"): no more seen than the word itself."""
    for ending in ("est", "er"):
        stem = word[:-len(ending)]
        if not word.endswith(ending) or len(stem) < 2:
            continue
        bases = {stem, stem + "e",  # tallest, largest
                 stem[:-1] + "y" if stem.endswith("i") else stem,  # busiest
                 stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem}  # biggest
        if any(len(base) >= 3 and base in UNINDEXED for base in bases):
            return True
    return False


def _unseen(word: str) -> bool:
    """A word for something no network sees (a look, an action, a date), rather than an unknown one."""
    return (word in UNINDEXED or word in _MATERIALS or _graded(word) or word in _SUPERLATIVE or _filling(word)
            or (action_word(word) and word not in UNLABELLED)
            or _when(word) or _undated(word) or word in STAND_INS
            or owner_word(word)
            or bool(_AGE.fullmatch(word)) or bool(_AGED.fullmatch(word.replace(" ", "-")))
            or bool(_NUMBERED.fullmatch(word.replace(" ", "\u00a0"))) or word.isdigit() or word in BRANDS
            or _colour_said(word) or word in BODY_PART_WORDS or _look(word) or _shape_of(word) is not None
            or _camera_phrase(word) is not None)


def _colour_said(word: str) -> bool:
    """A colour left out ("red", "light blue"): one that coloured no object."""
    return word.split()[-1] in COLOUR_WORDS


def _nothing_seen(words: list[str]) -> str:
    """The error of a query (or group) whose every word was left out."""
    return f"{unseen_note(words)}: name an object or a scene too, e.g. \"a red car\""


def unseen_note(words: list[str], photos_order: str | CountOrder | None = None) -> str:
    """One line saying which words a search did not look for: describing words and actions no
    network sees, and words the vocabulary does not know. Where the query ranks its photos
    (`photo_order`) by date, its `ORDER_WORDS` are named as that order; by how many of a thing
    they show (`CountOrder`), its ranking word (and a word of crowds)."""
    unique = list(dict.fromkeys(words))
    counted = photos_order if isinstance(photos_order, CountOrder) else None
    order = [w for w in unique if w in ORDER_WORDS or w == "first"] if isinstance(photos_order, str) else []
    ranking = [w for w in unique if w == counted.word or w in _CROWDS_IN] if counted else []  # "the most people"
    unique = [w for w in unique if w not in order + ranking]
    years = [w for w in unique if _when(w)]
    owners = [w for w in unique if owner_word(w)]
    looks = [w for w in unique if _look(w)]
    shapes = [w for w in unique if _shape_of(w)]
    # the colour of hair, eyes or skin ("red hair", "a blonde woman", "a red-haired girl")
    of_someone = [w for w in unique if w.split()[-1] in BODY_PART_WORDS or w.split()[-1] in HAIR_COLOURS
                  or w.endswith(_PART_OF)]
    colours = [w for w in unique if _colour_said(w) and w not in looks + of_someone]
    filling = [w for w in unique if _filling(w)]
    if any(w.endswith(_PART_OF) or w in BODY_PART_WORDS for w in of_someone):  # "red-haired", "green eyes" of a cat
        of_someone, colours = colours + of_someone, []
    undated = [w for w in unique if _undated(w)]  # "dogs in june", "on december 25": of any year
    cameras = [w for w in unique if _camera_phrase(w)]
    seen = [w for w in unique if _unseen(w) and w not in years + owners + colours + looks + shapes + of_someone
            + undated + cameras + filling]
    unlabelled = [w for w in unique if w in UNLABELLED]
    unknown = [w for w in unique if not _unseen(w) and w not in UNLABELLED and w not in of_someone]
    parts = []
    if of_someone:
        parts.append(f"does not see the colour of hair, eyes or skin ({', '.join(repr(w) for w in of_someone)})")
    if seen:
        parts.append(f"does not see {', '.join(repr(w) for w in seen)} (sizes, looks, makes, numbers, actions, "
                     f"weather, occasions, times of day and most named places are not indexed)")
    if colours:
        parts.append(f"reads {', '.join(repr(w) for w in colours)} only before an object it colours "
                     f"(\"a red car\", \"white dogs\")")
    if filling:
        parts.append(f"reads {', '.join(repr(w) for w in filling)} only before what fills the photo (\"mostly sky\", "
                     f"\"most of the photo is water\")")
    if (days_said := _days(years, datetime.date.today())) is not None:
        first, after = days_said
        last = after - datetime.timedelta(days=1)
        days = (f"from {first:%Y-%m-%d}" if after > datetime.date.today() else
                f"up to {last:%Y-%m-%d}" if first == _EARLIEST else f"{first:%Y-%m-%d} to {last:%Y-%m-%d}")
        parts.append(f"takes {', '.join(repr(w) for w in years)} as when the photos were taken ({days}: the EXIF "
                     f"date, else the file's; --taken-after and --taken-before set days)")
    if undated:
        parts.append(f"reads {', '.join(repr(w) for w in undated)} as when the photos were taken only with a year "
                     f"or after 'last' or 'this' (\"june 2019\", \"july 4 2019\", \"last summer\")")
    if ordering := next((ORDER_WORDS[w] for w in order if w in ORDER_WORDS), None):
        parts.append(f"takes {', '.join(repr(w) for w in order)} as the order of the photos, {ordering} first")
    if ranking and counted:
        parts.append(f"takes {', '.join(repr(w) for w in ranking)} as the order of the photos, {counted.said()}")
    if grey := [w for w in looks if _grey_said(w)]:
        parts.append(f"takes {', '.join(repr(w) for w in grey)} as black-and-white photos (whose every part is "
                     f"black, grey or white)")
    if coloured := [w for w in looks if not _grey_said(w)]:
        parts.append(f"takes {', '.join(repr(w) for w in coloured)} as photos in colour (not black and white)")
    if shapes:
        parts.append(f"takes {', '.join(repr(w) for w in shapes)} as the photo's shape ("
                     + "; ".join(dict.fromkeys("not " * (_negated(w) is not None)
                                               + SHAPE_MEANS[SHAPES[_shape_of(w) or w]] for w in shapes)) + ")")
    if cameras:
        makes = [_camera_phrase(w) or () for w in cameras]
        held = ", ".join(dict.fromkeys("a phone maker's name (apple, samsung, google...)" if m is _PHONE_MAKES
                                       else repr(m[0]) for m in makes))
        parts.append(f"takes {', '.join(repr(w) for w in cameras)} as the camera that took the photos (whose EXIF "
                     f"make and model says {held})")
    if owners:
        said = ", ".join(f'"{w}"' for w in owners)
        parts.append(f"takes {said} as whose it is, "
                     f"not as something to find in the photo")
    if unlabelled:
        parts.append(f"has no network that labels {', '.join(repr(w) for w in unlabelled)}")
    if unknown:
        hints = {w: _slip_of(w) for w in unknown}
        named = ", ".join(f"'{w}'" + (f" ({emoji_name(w)})" if _emoji_symbol(w[0]) else
                                      f" (did you mean '{hints[w]}'?)" if hints[w] else "") for w in unknown)
        parts.append(f"does not know {named} (`segsearch vocabulary` lists every word)")
    return "segsearch " + " and ".join(parts)


def ignored_words(text: str) -> list[str]:
    """The words `parse` leaves out of `text` (see `parse_noting`); QueryError as `parse`."""
    return parse_noting(text)[1]


@functools.lru_cache(maxsize=1)
def _scene_nodes() -> dict[Node, str]:
    """Each scene's query (`parse("beach")`: sand and (sea or ...)) → its name, to name it back."""
    named: dict[Node, str] = {}
    for concept in vocabulary().concepts.values():
        if concept.kind == "scene":
            named.setdefault(parse(concept.name), concept.name)
    return named


def described(node: Node) -> str:
    """A query's node in words, scenes by their names: "person", "at least 2 dogs", "beach", "no
    cat", "(cat or dog)", for messages about the parts of a search."""
    if (not isinstance(node, Term) or node.area_op is not None) and node in _scene_nodes():
        return _scene_nodes()[node]  # "forest", not "tree > 40%"; a count is said as itself ("at least 2 people")
    if isinstance(node, Term):
        name = f"{node.colour} {node.class_name}" if node.colour else node.class_name
        area = f" {node.area_op} {node.area * 100:g}%" if node.area_op and node.area is not None else ""
        if node.at_least_one:
            return name + area
        if node.none:
            return f"no {name}"
        said = _COUNT_WORDS[node.count_op]
        return f"{said} {node.count} {name if node.count == 1 else (plural_forms(name) or [name])[0]}{area}"
    if isinstance(node, Not):
        said = described(node.item)
        if isinstance(node.item, (And, Or)) and node.item not in _scene_nodes():
            said = f"({said})"  # "no (truck or bus)", not "no truck or bus"
        return f"not {said}" if said in ("indoors", "outdoors") else f"no {said}"  # places said as adverbs
    inner = [described(i) if isinstance(i, (Term, Not)) or i in _scene_nodes() else f"({described(i)})"
             for i in node.items]
    return (" and " if isinstance(node, And) else " or ").join(inner)


def reading(text: str) -> str | None:
    """How a query of words is read, in words (`described`), where it is more than one thing to
    find: "person and (beach or park)" of "people on the beach or in the park", "at least 2 dogs"
    of "two dogs", "cat and no dog" of "cats without dogs"; None for one thing ("dogs", "a red
    car") and for filters alone ("photos from 2019"), which read as typed."""
    node = parse(text)
    if node == EVERY_PHOTO or (isinstance(node, Term) and node.at_least_one) or node in _scene_nodes():
        return None
    return described(node)


def positive_classes(node: Node, negated: bool = False) -> list[str]:
    """Classes the query asks to be present (not under a NOT), in order, without repeats."""
    if isinstance(node, Term):
        return [] if negated or (node.count_op in ("<", "<=", "=") and node.count == 0) else [node.class_name]
    if isinstance(node, Not):
        return positive_classes(node.item, not negated)
    seen: list[str] = []
    for item in node.items:
        for name in positive_classes(item, negated):
            if name not in seen:
                seen.append(name)
    return seen


def asked_colours(node: Node, negated: bool = False) -> dict[str, set[str | None]]:
    """Per class the query asks to be present (as `positive_classes`), the colours asked of it,
    None for any colour: "a red car and a dog" → {car: {red}, dog: {None}}."""
    if isinstance(node, Term):
        return {} if not positive_classes(node, negated) else {node.class_name: {node.colour}}
    if isinstance(node, Not):
        return asked_colours(node.item, not negated)
    asked: dict[str, set[str | None]] = {}
    for item in node.items:
        for name, colours in asked_colours(item, negated).items():
            asked.setdefault(name, set()).update(colours)
    return asked


_COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq}


def _holds_without_the_class(term: Term) -> bool:
    """Whether an image without the term's class (count 0, area 0) satisfies it: "wall < 5%" and
    "fewer than 2 dogs" do, "person" and "car > 10%" do not. A term with the default count
    ("at least one") and an area bound is decided by the area alone."""
    area_holds = term.area_op is None or _COMPARE[term.area_op](0.0, term.area or 0.0)
    if term.at_least_one:
        return term.area_op is not None and area_holds
    return _COMPARE[term.count_op](0, term.count) and area_holds


def coloured(node: Node) -> bool:
    """Whether a term of the query asks for a colour ("a red car")."""
    if isinstance(node, Term):
        return node.colour is not None
    if isinstance(node, Not):
        return coloured(node.item)
    return any(coloured(item) for item in node.items)


def requires_a_positive_class(node: Node) -> bool:
    """True when every image satisfying the query contains at least one of its positive classes,
    so ranked search may walk the per-class score lists instead of scanning every image."""
    if isinstance(node, Term):
        return not _holds_without_the_class(node)
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(requires_a_positive_class(item) for item in node.items)
    return all(requires_a_positive_class(item) for item in node.items)

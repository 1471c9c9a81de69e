"""Words → concepts → (network, label) sets: the one table the parser, the CLI, the web page and the
evaluation read. Torch-free.

- A **concept** is what a word means: `person`, `table`, `sky`. Its members are labels of one or
  more networks (`voc:person`, `ade20k:person`, `coco:person`); where several networks know the
  same thing their evidence is *fused* at query time (see `segsearch.query.compile`).
- Every label of every network is reachable: labels no group below names become a concept of
  their own, under their own name.
- A **scene** is a concept defined by a query over other concepts ("beach" = sand and sea or
  water), so what it means is readable in `segsearch vocabulary` and uses the same fusion.
- **Words**: the concept's name, its synonyms, and plurals of both (one to three words each).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .labels import ADE20K, COCO, LABEL_SETS, VOC

if TYPE_CHECKING:
    from spellchecker.spellchecker import WordFrequency

ConceptKind = Literal["thing", "stuff", "scene"]

# Concepts that gather labels of several networks (or several labels of one). "net:label" members.
GROUPS: dict[str, str] = {
    "person": "voc:person ade20k:person coco:person",
    "car": "voc:car ade20k:car coco:car",
    "bus": "voc:bus ade20k:bus coco:bus",
    "boat": "voc:boat ade20k:boat ade20k:ship coco:boat",
    "bicycle": "voc:bicycle ade20k:bicycle coco:bicycle",
    "motorcycle": "voc:motorbike ade20k:minibike coco:motorcycle",
    "airplane": "voc:aeroplane ade20k:airplane coco:airplane",
    "train": "voc:train coco:train",
    "truck": "ade20k:truck coco:truck",
    "bird": "voc:bird coco:bird",
    "cat": "voc:cat coco:cat",
    "dog": "voc:dog coco:dog",
    "horse": "voc:horse coco:horse",
    "sheep": "voc:sheep coco:sheep",
    "cow": "voc:cow coco:cow",
    "chair": "voc:chair ade20k:chair ade20k:armchair ade20k:swivel chair coco:chair",
    "table": "voc:diningtable ade20k:table ade20k:coffee table coco:dining table",
    "sofa": "voc:sofa ade20k:sofa coco:couch",
    "tv": "voc:tvmonitor ade20k:television ade20k:crt screen coco:tv",
    "bottle": "voc:bottle ade20k:bottle coco:bottle",
    "potted plant": "voc:pottedplant coco:potted plant",
    "plant": "voc:pottedplant ade20k:plant ade20k:flower coco:potted plant",
    "bed": "ade20k:bed coco:bed",
    "toilet": "ade20k:toilet coco:toilet",
    "sink": "ade20k:sink coco:sink",
    "refrigerator": "ade20k:refrigerator coco:refrigerator",
    "oven": "ade20k:oven ade20k:stove coco:oven",
    "microwave": "ade20k:microwave coco:microwave",
    "clock": "ade20k:clock coco:clock",
    "vase": "ade20k:vase coco:vase",
    "book": "ade20k:book coco:book",
    "bench": "ade20k:bench coco:bench",
    "traffic light": "ade20k:traffic light coco:traffic light",
    "ball": "ade20k:ball coco:sports ball",
    "bag": "ade20k:bag coco:handbag coco:backpack",
    "computer": "ade20k:computer ade20k:monitor coco:laptop coco:keyboard",
    "screen": "ade20k:projection screen ade20k:crt screen ade20k:monitor coco:tv coco:laptop",
    "tree": "ade20k:tree ade20k:palm",
    "building": "ade20k:building ade20k:house ade20k:skyscraper ade20k:tower",
    "mountain": "ade20k:mountain ade20k:hill",
    "water": "ade20k:water ade20k:sea ade20k:river ade20k:lake ade20k:swimming pool ade20k:waterfall",
    "sidewalk": "ade20k:sidewalk ade20k:path",
    "dirt": "ade20k:earth ade20k:dirt track ade20k:land",
    "fence": "ade20k:fence ade20k:railing",
    "door": "ade20k:door ade20k:screen door",
    "shelf": "ade20k:shelf ade20k:bookcase",
    "counter": "ade20k:counter ade20k:countertop ade20k:kitchen island",
    "light": "ade20k:light ade20k:lamp ade20k:chandelier ade20k:sconce ade20k:streetlight",
    "pillow": "ade20k:pillow ade20k:cushion",
    "stairs": "ade20k:stairs ade20k:stairway ade20k:step",
    "painting": "ade20k:painting ade20k:poster",
    "cabinet": "ade20k:cabinet ade20k:wardrobe ade20k:chest of drawers",
    "window": "ade20k:windowpane",
    "food": "ade20k:food coco:banana coco:apple coco:sandwich coco:orange coco:broccoli coco:carrot "
            "coco:hot dog coco:pizza coco:donut coco:cake",
    "fruit": "coco:banana coco:apple coco:orange",
    "vegetable": "coco:broccoli coco:carrot",
    "animal": "ade20k:animal voc:bird voc:cat voc:cow voc:dog voc:horse voc:sheep coco:bird coco:cat "
              "coco:dog coco:horse coco:sheep coco:cow coco:elephant coco:bear coco:zebra coco:giraffe",
    "vehicle": "voc:car voc:bus voc:motorbike voc:train ade20k:car ade20k:bus ade20k:truck ade20k:van "
               "coco:car coco:bus coco:truck coco:motorcycle coco:train",
}

# Words of a scene no network labels, searched through the objects seen with it ("snow": skis or
# snowboards). Alone they answer with those; beside other things ("a dog in the snow") they are left
# out and named, as such a photo seldom shows them.
STAND_INS = frozenset({"snow"})
# Colour words before what they colour ("a red car", "two white dogs", "light blue sky") → the basic
# colour a segment's pixels are named by (`colours.COLOURS`)
COLOUR_WORDS: dict[str, str] = {
    **{c: c for c in ("black", "grey", "white", "red", "orange", "yellow", "green", "blue", "purple", "pink", "brown")},
    "gray": "grey", "silver": "grey", "golden": "yellow", "gold": "yellow", "navy": "blue", "maroon": "red",
    "crimson": "red", "scarlet": "red", "violet": "purple", "lilac": "purple", "magenta": "pink",
    "burgundy": "red", "tan": "brown", "indigo": "purple", "fuchsia": "pink", "cyan": "blue",
    "blackish": "black", "greyish": "grey", "grayish": "grey", "whitish": "white", "reddish": "red",
    "orangish": "orange", "yellowish": "yellow", "greenish": "green", "bluish": "blue", "blueish": "blue",
    "purplish": "purple", "pinkish": "pink", "brownish": "brown",
    "ginger": "orange", "copper": "orange", "bronze": "orange", "rust": "orange", "beige": "brown",
    "chestnut": "brown", "cream": "white", "ivory": "white", "blonde": "yellow", "blond": "yellow",
    # more names of paint, each by the basic colour most people sort it under (not names of people,
    # "amber", "ruby", "jade", nor "mint" and "emerald", which colour the colour after them)
    "turquoise": "blue", "teal": "blue", "aqua": "blue", "azure": "blue", "cobalt": "blue", "mauve": "purple",
    "charcoal": "grey", "khaki": "brown", "taupe": "brown", "ebony": "black"}
# Colour words that of a person say the colour of their hair, which no network segments ("a blonde
# woman", "a ginger boy"): left out and named there; of an animal they are its coat's
HAIR_COLOURS = frozenset({"blonde", "blond", "ginger"})
# What a colour word means of an animal's coat: English names fur by other bounds than paint. A
# ginger or orange cat, a red fox or setter, a golden or yellow retriever have orange-brown to
# yellow-brown coats, dull or shaded more than not, which the pixel rule (`colours.name_pixels`)
# mostly names brown (scikit-image's ginger tabby, chelsea, is brown all over). Of these
# concepts, such a colour asks for any of its coat colours.
COAT_COLOURS = {"red": ("red", "orange", "brown"), "orange": ("orange", "brown"),
                "yellow": ("yellow", "orange", "brown")}
COATED = frozenset({"cat", "dog", "horse", "sheep", "cow", "bear", "animal"})
SHADES = frozenset({"light", "dark", "bright", "pale", "deep", "vivid", "soft", "pastel", "neon", "dusty", "muted"})
# Words that make a compound colour name with the colour word after them, whose colour it is
# ("navy blue", "sky blue", "jet black", "blue green": English puts the head colour last)
COLOUR_MODIFIERS = SHADES | {"sky", "baby", "royal", "hot", "lime", "olive", "forest", "blood", "jet", "pitch", "snow",
                             "mint", "powder", "electric", "midnight", "bottle", "emerald", "sea", "brick", "cherry",
                             "rose", "off"}

# The concept of any thing (`Vocabulary`), and the words a colour may be said of for it ("red
# things", "something blue"); alone they are filler ("things on a table" is a table)
ANY_THING = "any thing"
THING_WORDS = frozenset({"thing", "things", "object", "objects", "stuff", "item", "items", "something", "anything",
                         "everything"})
# Words that say a photo is black and white (`Filters.monochrome`), as a search's note names them
LOOKS = ("black and white", "black & white", "b&w", "b/w", "monochrome", "greyscale", "grayscale")
# Words that, said of the photo ("colour photos", "a street in colour"), ask for photos that are
# not black and white (`Filters.in_colour`); of anything else they are left out ("what colour is it").
# After "in", the nouns only
COLOUR_LOOK = ("colour", "color", "coloured", "colored")
IN_COLOUR = ("colour", "color")
# Words for a photo's shape (`Filters.shape`): taller than wide, wider than tall, or a panorama,
# at least twice as long one way as the other (a phone's 16:9 is 1.78)
SHAPES = {"vertical": "vertical", "horizontal": "horizontal", "panorama": "panorama", "panoramas": "panorama",
          "panoramic": "panorama", "pano": "panorama", "panos": "panorama", "square": "square",
          "portrait orientation": "vertical", "portrait format": "vertical", "landscape orientation": "horizontal",
          "landscape format": "horizontal"}
SHAPE_MEANS = {"vertical": "taller than wide", "horizontal": "wider than tall",
               "panorama": "at least twice as wide as tall, or as tall as wide",
               "square": "as wide as tall, within 2%"}
# Shape words that say so only before a photo word ("square photos"; "a square table", "times square")
SHAPES_BEFORE_A_PHOTO = frozenset({"square"})

# Everyday words for a concept: synonyms, and names people use for a label.
# A body part in a photo is a person's ("a child's hand"); an emoji of one is a gesture (`emoji_word`)
BODY_PARTS = ("face", "hand", "head", "hair", "beard", "arm", "leg", "foot", "eye", "shoulder", "knee", "finger",
              "lap", "neck", "toe", "elbow", "thumb")
SYNONYMS: dict[str, str] = {
    # people
    "people": "person", "pedestrian": "person", "man": "person", "men": "person", "woman": "person",
    "women": "person", "child": "person", "children": "person", "kid": "person", "boy": "person",
    "girl": "person", "human": "person", "baby": "person", "babies": "person", "guy": "person",
    "lady": "person", "ladies": "person", "player": "person", "persons": "person", "someone": "person",
    "somebody": "person", "everyone": "person", "everybody": "person", "anyone": "person", "anybody": "person",
    "tourist": "person", "rider": "person", "astronaut": "person",
    "spaceman": "person",
    # fans in the plural cheer ("a crowd of fans", "fans at the concert"); a fan, or fans named as
    # machines ("ceiling fans"), are the machine
    "fans": "person", "ceiling fan": "fan", "electric fan": "fan", "desk fan": "fan", "table fan": "fan",
    "floor fan": "fan", "standing fan": "fan", "box fan": "fan", "tower fan": "fan", "exhaust fan": "fan",
    "toddler": "person", "teenager": "person", "teen": "person", "adult": "person", "bride": "person",
    "groom": "person", "mother": "person", "father": "person", "mom": "person", "dad": "person",
    "student": "person", "athlete": "person", "worker": "person",
    # vehicles
    "automobile": "car", "taxi": "car", "cab": "car", "suv": "car", "coach": "bus", "lorry": "truck",
    "pickup": "truck", "ship": "boat", "sailboat": "boat", "yacht": "boat", "canoe": "boat", "kayak": "boat",
    "bike": "bicycle", "cycle": "bicycle", "motorbike": "motorcycle", "scooter": "motorcycle",
    "moped": "motorcycle", "plane": "airplane", "aeroplane": "airplane", "aircraft": "airplane",
    "jet": "airplane", "airliner": "airplane", "seaplane": "airplane", "glider": "airplane", "biplane": "airplane",
    "jetliner": "airplane", "tricycle": "bicycle", "trike": "bicycle", "unicycle": "bicycle",
    "locomotive": "train", "tram": "train", "railway": "train",
    "vehicles": "vehicle", "traffic": "vehicle", "minivan": "van", "camper van": "van", "campervan": "van",
    "motorhome": "van", "rv": "van", "caravan": "van", "cable car": "train", "gondola": "boat", "rickshaw": "vehicle",
    "tuk tuk": "vehicle", "dome": "building",
    # animals
    "kitten": "cat", "kitty": "cat", "puppy": "dog", "doggy": "dog", "pony": "horse", "lamb": "sheep",
    "cattle": "cow", "calf": "cow", "calves": "cow", "bull": "cow", "ox": "cow",
    "livestock": "animal", "poultry": "bird",
    "seagull": "bird", "gull": "bird", "duck": "bird", "pigeon": "bird", "parrot": "bird", "teddy": "teddy bear",
    # furniture and home
    "armchair": "chair", "seat": "chair", "stool": "chair", "dining table": "table", "diningtable": "table",
    "desk": "desk", "couch": "sofa", "settee": "sofa", "television": "tv", "tvmonitor": "tv",
    "tv set": "tv", "television set": "tv",
    "monitor": "screen", "display": "screen", "laptop": "laptop", "notebook computer": "laptop",
    "pc": "computer", "houseplant": "potted plant", "pottedplant": "potted plant", "flower pot": "potted plant",
    "flowers": "flower", "bouquet": "flower", "fridge": "refrigerator", "freezer": "refrigerator",
    "stove": "oven", "cooker": "oven", "washbasin": "sink", "basin": "sink", "loo": "toilet",
    "wc": "toilet", "lavatory": "toilet", "lamp": "light", "lights": "light", "chandelier": "light",
    "streetlight": "light",
    "cushion": "pillow", "staircase": "stairs", "stairway": "stairs", "steps": "stairs", "picture": "painting",
    "poster": "painting", "artwork": "painting", "mural": "painting", "cupboard": "cabinet", "wardrobe": "cabinet",
    "closet": "cabinet", "bookshelf": "shelf", "bookcase": "shelf", "shelves": "shelf",
    "countertop": "counter", "worktop": "counter", "carpet": "rug", "mat": "rug", "drapes": "curtain",
    "blinds": "blind", "windows": "window", "windowpane": "window", "glass": "glass",
    # small things
    "mobile phone": "cell phone", "phone": "cell phone", "smartphone": "cell phone", "mobile": "cell phone",
    "handset": "cell phone",
    "cellphone": "cell phone", "telephone": "cell phone", "necktie": "tie", "ball": "ball",
    "football": "ball", "soccer ball": "ball", "basketball": "ball", "sports ball": "ball",
    "tennis ball": "ball", "racket": "tennis racket", "racquet": "tennis racket", "bat": "baseball bat",
    "glove": "baseball glove", "mitt": "baseball glove", "ski": "skis",
    "surf board": "surfboard", "skate board": "skateboard", "backpack": "backpack", "rucksack": "backpack",
    "handbag": "handbag", "purse": "handbag", "luggage": "suitcase", "bags": "bag", "mug": "cup",
    "coffee cup": "cup", "teacup": "cup", "water bottle": "bottle", "wine bottle": "bottle", "coffee": "cup", "tea": "cup", "latte": "cup", "cappuccino": "cup",
    "espresso": "cup", "wineglass": "wine glass", "plate": "plate", "dish": "bowl",
    "hotdog": "hot dog", "doughnut": "donut", "remote control": "remote", "hairdryer": "hair drier",
    "hair dryer": "hair drier", "computer mouse": "mouse", "umbrellas": "umbrella", "parasol": "umbrella",
    "brolly": "umbrella", "brollies": "umbrella", "kiosk": "booth", "market stall": "booth", "cuppa": "cup",
    "sweets": "food", "takeaway": "food",
    "kites": "kite", "hydrant": "fire hydrant", "stop light": "traffic light", "traffic lights": "traffic light",
    "bear": "bear", "teddy bears": "teddy bear", "meal": "food", "dinner": "food", "lunch": "food",
    "breakfast": "food", "dessert": "cake", "burger": "sandwich", "hamburger": "sandwich",
    "cheeseburger": "sandwich", "veggies": "vegetable",
    # scenes and stuff
    "ocean": "sea", "seaside": "beach", "shore": "beach", "coast": "beach", "lake": "lake", "pond": "lake",
    "stream": "river", "creek": "river", "trees": "tree", "woods": "forest", "woodland": "forest",
    "jungle": "forest", "hill": "mountain", "hills": "mountain", "mountains": "mountain",
    "lawn": "grass", "meadow": "field", "pasture": "field", "farm": "field", "street": "street",
    "streets": "street", "avenue": "street", "highway": "road", "roads": "road", "pavement": "sidewalk",
    "footpath": "sidewalk", "walkway": "sidewalk", "house": "house", "home": "house", "houses": "house",
    "skyscraper": "building", "buildings": "building", "tower": "building", "city": "city",
    "town": "city", "downtown": "city", "bungalow": "house", "clouds": "sky", "cloud": "sky", "ski slope": "snow",
    "sandy": "sand", "earth": "dirt", "soil": "dirt", "mud": "dirt", "ground": "dirt", "gravel": "dirt",
    "rocks": "rock", "stone": "rock", "stones": "rock", "cliff": "rock", "brick wall": "wall",
    "walls": "wall", "wooden floor": "floor", "flooring": "floor", "tiles": "floor", "roof": "ceiling",
    "inside": "indoors", "indoor": "indoors", "interior": "indoors", "outside": "outdoors", "scenery": "outdoors",
    "outdoor": "outdoors", "nature": "outdoors", "countryside": "field", "rural": "field", "garden": "garden",
    "yard": "garden", "backyard": "garden", "fireplace": "fireplace", "bathtub": "bathtub", "bath": "bathtub",
    "shower": "shower", "curtains": "curtain", "railing": "fence", "railings": "fence",
    "cardboard": "box", "cardboard box": "box", "carton": "box", "crate": "box", "package": "box",
    "parcel": "box", "statue": "sculpture",
    # everyday words for labels under other names
    "room": "indoors", "hallway": "indoors", "corridor": "indoors", "lobby": "indoors", "classroom": "indoors",
    "gym": "indoors", "bowling alley": "indoors", "garage": "indoors", "basement": "indoors", "attic": "indoors",
    "rooftop": "building", "architecture": "building",
    "pool": "swimming pool", "wine": "wine glass", "rose": "flower", "tulip": "flower",
    "daisy": "flower", "lily": "flower", "orchid": "flower", "lavender": "flower", "dandelion": "flower",
    "sunflower": "flower", "savanna": "field", "savannah": "field", "prairie": "field", "grassland": "field",
    "tennis": "tennis racket", "soccer": "ball", "sign": "signboard", "billboard": "signboard",
    "toy": "plaything", "dock": "pier", "wharf": "pier", "jetty": "pier", "trail": "path",
    "heater": "radiator", "drawer": "cabinet", "clothes": "apparel", "clothing": "apparel",
    "wildlife": "animal", "creature": "animal", "critter": "animal", "skyline": "city", "landscape": "outdoors", "valley": "mountain",
    "stadium": "grandstand", "bleachers": "grandstand", "airstrip": "runway",
    "hat": "apparel", "shirt": "apparel", "t-shirt": "apparel", "dress": "apparel", "jacket": "apparel",
    "coat": "apparel", "sweater": "apparel", "jeans": "apparel", "trousers": "apparel", "waves": "sea",
    "pub": "bar", "doll": "plaything", "campsite": "tent", "pagoda": "building", "wildflower": "flower",
    **{w: "field" for w in ("rice terrace", "rice paddy", "paddy field", "rice field", "paddy")},
    **{w: "plaything" for w in ("rubber duck", "rubber ducky", "stuffed animal", "stuffed toy", "plush toy",
                                "soft toy", "rocking horse", "building blocks", "toy blocks")},
    # places by what a network sees of them
    "vineyard": "field", "plains": "field", "tundra": "field", "orchard": "tree", "canyon": "rock",
    "glacier": "mountain", "swamp": "water", "marsh": "water", "wetland": "water", "lagoon": "water",
    "island": "sea", "reef": "sea", "boardwalk": "path", "racetrack": "road",
    "race track": "road", "roundabout": "road", "promenade": "sidewalk", "monument": "sculpture",
    "arena": "grandstand", "nursery": "indoors", "elevator": "indoors", "porch": "house", "patio": "house",
    "stable": "house", "balcony": "building", "terrace": "building", "courtyard": "building",
    "ruins": "building", "gas station": "building", "petrol station": "building", "greenhouse": "plant",
    "golf course": "grass", "golfer": "person", "bmx": "bicycle",
    # British words
    "jumper": "apparel", "telly": "tv", "motorway": "road", "pint": "glass", "car park": "road", "tap": "sink",
    # the names of emoji (`emoji_word`) that are everyday words too
    "cityscape": "city", "blossom": "flower", "trolleybus": "bus", "speedboat": "boat", "rowboat": "boat", "motorboat": "boat",
    "shortcake": "cake", "tangerine": "orange", "volleyball": "ball", "flying disc": "frisbee",
    "tennis racquet": "tennis racket", "satchel": "backpack", "herb": "plant", "honeybee": "animal",
    "cyclist": "bicycle", "horseback": "horse",
    # someone named by what they ride is found by it, as a cyclist by the bicycle ("a surfer": a
    # surfboard, which a surfer's photo shows; as a person, any photo of people would do)
    "surfer": "surfboard", "skier": "skis", "snowboarder": "snowboard", "skateboarder": "skateboard",
    "motorcyclist": "motorcycle", "kayaker": "boat", "canoeist": "boat", "kitesurfer": "kite", "jockey": "horse",
    "equestrian": "horse",
    # kinds of a concept no network names: the nearest concept that holds them (a tiger is an
    # animal to the networks; cheese is food), so that everyday words find what the networks see
    "friend": "person", "buddy": "person", "soldier": "person", "policeman": "person", "officer": "person",
    "doctor": "person", "nurse": "person", "chef": "person", "farmer": "person", "fisherman": "person",
    "firefighter": "person", "fireman": "person", "cowboy": "person", "son": "person", "daughter": "person",
    "brother": "person", "sister": "person", "husband": "person", "wife": "person", "grandmother": "person",
    "grandfather": "person", "grandma": "person", "grandpa": "person", "gentleman": "person",
    "dj": "person", "swimmer": "person", "runner": "person",
    **{part: "person" for part in BODY_PARTS},
    "waiter": "person", "waitress": "person", "driver": "person", "cook": "person", "biker": "person",
    "diver": "person", "commuter": "person", "mum": "person", "teacher": "person", "pilot": "person",
    "musician": "person", "drummer": "person", "guitarist": "person", "singer": "person", "dancer": "person",
    "hiker": "person", "passenger": "person", "customer": "person", "boyfriend": "person",
    "girlfriend": "person", "spectator": "person", "vendor": "person", "cashier": "person",
    "mechanic": "person", "builder": "person", "artist": "person", "painter": "person",
    "photographer": "person", "referee": "person", "jogger": "person", "pianist": "person",
    "sculptor": "person", "bridesmaid": "person", "dentist": "person", "pupil": "person",
    "backpacker": "person", "shopper": "person", "gardener": "person", "hunter": "person", "rower": "person",
    "bartender": "person", "barista": "person", "elder": "person", "grandparent": "person", "parent": "person",
    "niece": "person", "nephew": "person", "sibling": "person", "fiance": "person", "fiancee": "person",
    "climber": "person",
    "visitor": "person", "traveler": "person", "traveller": "person", "guest": "person", "priest": "person",
    "monk": "person", "nun": "person", "prince": "person", "princess": "person", "knight": "person",
    "clown": "person", "magician": "person", "sailor": "person", "captain": "person", "scientist": "person",
    "businessman": "person", "businesswoman": "person", "employee": "person", "granny": "person",
    "uncle": "person", "aunt": "person", "cousin": "person", "twins": "couple", "twin": "person", "infant": "person",
    "newborn": "person", "policewoman": "person", "grandchild": "person", "grandkid": "person", "audience": "crowd",
    "crew": "group",
    "band": "group", "rock band": "group", "choir": "group",
    "orchestra": "group",
    # more people by trade or role, each a word of its own (not "model", "king", "boxer" or "camper",
    # which before a thing describe it: a model train, a king size bed, a boxer dog, a camper van)
    **{role: "person" for role in (
        "lifeguard", "cop", "postman", "postwoman", "mailman", "umpire", "goalkeeper", "goalie", "cheerleader",
        "actor", "actress", "performer", "celebrity", "president", "judge", "baker", "barber", "hairdresser",
        "butcher", "plumber", "electrician", "carpenter", "tailor", "janitor", "clerk", "receptionist", "guard",
        "security guard", "prisoner", "inmate", "wrestler", "skater", "passerby", "bystander", "protester",
        "protestor", "paramedic", "surgeon", "lawyer", "mayor", "volunteer", "hostess", "bouncer", "shopkeeper",
        "hitchhiker", "walker", "conductor", "quarterback", "gymnast", "housewife", "teammate", "classmate", "roommate",
        "neighbour", "neighbor", "colleague", "coworker", "boss", "stranger", "tourist guide", "tour guide",
        "grandson", "granddaughter", "stepmother", "stepfather", "stepson", "stepdaughter", "bridegroom",
        "widow", "lad", "lass", "gal", "dude", "kiddo", "youngster")},
    # more creatures by name: ADE20K's animal (insects, sea creatures, wild and farm animals), or a bird
    **{name: "animal" for name in (
        "ladybug", "ladybird", "dragonfly", "grasshopper", "moth", "caterpillar", "wasp", "mosquito", "firefly",
        "cockroach", "worm", "slug", "scorpion", "starfish", "seahorse", "squid", "skunk", "badger", "hippopotamus",
        "rhino", "chimpanzee", "hyena", "yak", "alpaca", "ferret", "guinea pig", "gecko", "iguana", "chameleon",
        "tortoise", "koi")},
    **{name: "bird" for name in ("vulture", "stork", "heron", "robin", "hummingbird", "toucan")},
    "lion": "animal", "boar": "animal", "tiger": "animal", "monkey": "animal", "deer": "animal", "fox": "animal",
    "rabbit": "animal", "bunny": "animal", "squirrel": "animal", "pig": "animal", "goat": "animal",
    "donkey": "animal", "camel": "animal", "kangaroo": "animal", "wolf": "animal", "leopard": "animal",
    "cheetah": "animal", "fish": "animal", "goldfish": "animal", "turtle": "animal", "frog": "animal",
    "lizard": "animal",
    "snake": "animal", "butterfly": "animal", "insect": "animal", "panda": "bear", "polar bear": "bear",
    "rat": "animal", "seal": "animal", "bee": "animal", "bug": "animal", "crab": "animal", "hamster": "animal",
    "gorilla": "animal", "koala": "animal", "llama": "animal", "shark": "animal", "whale": "animal",
    "dolphin": "animal", "crocodile": "animal", "alligator": "animal", "spider": "animal", "ant": "animal",
    "snail": "animal", "octopus": "animal", "jellyfish": "animal", "otter": "animal", "beaver": "animal",
    "raccoon": "animal", "racoon": "animal", "hedgehog": "animal", "ostrich": "bird", "peacock": "bird",
    "turkey": "bird",
    "moose": "animal", "bison": "animal", "buffalo": "animal", "buffaloes": "animal",
    "eagle": "bird", "owl": "bird", "penguin": "bird", "swan": "bird", "goose": "bird", "hen": "bird",
    "chicken": "bird", "rooster": "bird", "crow": "bird", "sparrow": "bird", "flamingo": "bird",
    "pelican": "bird", "hawk": "bird",
    "jeep": "car", "limo": "car", "limousine": "car", "police car": "car", "race car": "car", "hot rod": "car",
    "go kart": "car", "gokart": "car",
    "kart": "car",
    "sports car": "car", "fire truck": "truck", "firetruck": "truck", "fire engine": "truck",
    # a vehicle named for what it carries or where it runs, which is seldom in the photo beside it
    # (two things said together ask for both: "a dog bed" is a dog and a bed)
    "food truck": "truck", "ice cream truck": "truck", "ice cream van": "van", "subway car": "train",
    "train car": "train", "subway train": "train", "railway carriage": "train",
    "ambulance": "vehicle", "tractor": "vehicle", "streetcar": "train", "subway": "train",
    "convertible": "car", "excavator": "vehicle", "digger": "vehicle", "bulldozer": "vehicle",
    "forklift": "vehicle",
    "cheese": "food", "bread": "food", "flour": "food", "salad": "food", "pasta": "food", "spaghetti": "food",
    "noodles": "food", "rice": "food", "soup": "food", "fries": "food", "french fries": "food",
    "chips": "food", "crisps": "food",
    "steak": "food", "meat": "food", "egg": "food", "cookie": "food", "pie": "food", "pastry": "food",
    "sushi": "food", "taco": "food", "pancake": "food", "waffle": "food", "bagel": "food", "muffin": "food",
    **{dish: "food" for dish in (
        "blueberry", "raspberry", "blackberry", "cranberry", "baguette", "nachos", "kebab", "cracker", "bean",
        "salsa", "hummus", "falafel", "gyro", "quesadilla", "enchilada", "lasagna", "risotto", "paella", "chili",
        "omelette", "omelet", "porridge", "granola", "pudding", "pretzel", "scone", "crepe", "papaya", "fig",
        "peanut", "tofu", "tuna", "prawn", "mussels", "clam")},
    "croissant": "food", "snack": "food", "ice cream": "food", "chocolate": "food", "candy": "food",
    "popcorn": "food", "tomato": "food", "potato": "food", "lettuce": "food", "strawberry": "food",
    "grape": "food", "lemon": "food", "pear": "food", "peach": "food", "cherry": "food", "berry": "food",
    "watermelon": "food", "pineapple": "food", "cupcake": "cake",
    "toast": "food", "ham": "food", "stew": "food", "noodle": "food", "lime": "food", "plum": "food",
    "melon": "food", "mango": "food", "kiwi": "food", "coconut": "food", "cereal": "food", "oatmeal": "food",
    "yogurt": "food", "yoghurt": "food", "butter": "food", "jam": "food", "honey": "food", "bacon": "food",
    "sausage": "food",
    "burrito": "food", "curry": "food", "dumpling": "food", "shrimp": "food", "lobster": "food",
    "oyster": "food", "biscuit": "food", "brownie": "food", "tart": "food", "icecream": "food",
    "ramen": "food", "avocado": "food", "corn": "food", "carrot cake": "cake",
    "traffic jam": "vehicle",
    # dishes named after an animal are food, not the animal ("fried chicken", "fish and chips")
    "fried chicken": "food", "grilled chicken": "food", "roast chicken": "food", "chicken wings": "food",
    "chicken nuggets": "food", "chicken breast": "food", "chicken salad": "food", "chicken soup": "food",
    "fish and chips": "food", "grilled fish": "food", "fried fish": "food", "fish fillet": "food",
    "fish tacos": "food", "smoked salmon": "food", "roast beef": "food", "roast turkey": "food",
    "dresser": "cabinet", "sideboard": "cabinet", "quilt": "blanket", "duvet": "blanket",
    "comforter": "blanket", "faucet": "sink", "doorway": "door", "gate": "fence", "bush": "plant",
    "shrub": "plant", "hedge": "plant", "pine": "tree", "palm tree": "tree", "hillside": "mountain",
    "peak": "mountain", "dune": "sand", "bay": "sea", "lakeside": "lake", "riverside": "river",
    "home office": "office", "workspace": "office", "workstation": "office", "art": "painting",
    "wall art": "painting",
    "crosswalk": "road", "zebra crossing": "road", "pedestrian crossing": "road", "parking metre": "parking meter",
    "intersection": "road", "junction": "road", "crossroads": "road", "route": "road", "lane": "road",
    "alley": "street",
    "church": "building",
    "tv screen": "tv", "television screen": "tv", "phone screen": "cell phone", "laptop screen": "laptop",
    "computer screen": "screen", "flat screen": "screen", "flatscreen": "screen", "flat screen tv": "tv",
    "flatscreen tv": "tv",
    "transport": "vehicle", "transportation": "vehicle", "public transport": "vehicle",
    "cathedral": "building", "castle": "building", "temple": "building", "apartment": "building",
    "barn": "house", "cabin": "house", "cottage": "house", "hut": "house", "train station": "train",
    "railway station": "train", "bus stop": "bus", "bus station": "bus", "double decker": "bus",
    "wave": "sea", "leaf": "tree", "branch": "tree", "railroad": "train", "tracks": "train",
    "lighthouse": "building", "windmill": "building", "cherry blossom": "flower", "apple blossom": "flower",
    "skate park": "skateboard", "skatepark": "skateboard", "parking lot": "road", "parking space": "road",
    "parking spot": "road", "mustard": "food",
    "ketchup": "food", "sauce": "food",
    "suit": "apparel", "laundry": "apparel", "laundry room": "washer", "uniform": "apparel", "costume": "apparel",
    "skirt": "apparel", "shorts": "apparel",
    "hoodie": "apparel", "scarf": "apparel", "sweatshirt": "apparel", "blouse": "apparel", "pants": "apparel",
    "bikini": "apparel", "swimsuit": "apparel", "cap": "apparel", "baseball cap": "apparel", "baseball hat": "apparel",
    "apron": "apparel", "tub": "bathtub",
    # what people wear, several one slip from another word (raincoat/railroad, gown/town, parka/park)
    **{w: "apparel" for w in ("raincoat", "jersey", "gown", "robe", "vest", "cardigan", "tuxedo", "overalls",
                              "poncho", "kimono", "sari", "leggings", "tracksuit", "windbreaker", "parka", "beanie",
                              "tunic", "bathrobe", "garment", "outfit", "onesie", "pyjamas", "pajamas", "pyjama",
                              "pajama", "wetsuit",
                              "blazer")},
    "vine": "plant", "moss": "plant", "ivy": "plant", "cactus": "plant", "fern": "plant", "pebble": "rock",
    "boulder": "rock", "puddle": "water", "canal": "water", "volcano": "mountain", "rainforest": "forest",
    "palace": "building", "mosque": "building", "chapel": "building", "synagogue": "building", "shed": "house",
    "lego": "plaything", "ferry": "boat", "submarine": "boat", "post": "pole", "wheelchair": "chair",
    "canvas": "painting", "lantern": "light", "windowsill": "window", "window sill": "window",
    "sheets": "blanket", "bedsheet": "blanket", "bed sheets": "blanket", "gift": "box", "presents": "box",
    "driveway": "road", "meatball": "food", "pepperoni": "food",
    # everyday names of labels under their data set's names
    "trash can": "ashcan", "garbage can": "ashcan", "bin": "ashcan", "dustbin": "ashcan",
    "wastebasket": "ashcan", "pillar": "column", "office chair": "chair", "banister": "bannister",
    "handrail": "bannister", "conveyor belt": "conveyer belt", "washing machine": "washer", "crib": "cradle",
    "logo": "trade name", "lamppost": "light", "lamp post": "light", "street lamp": "light",
    "billiards": "pool table", "snooker": "pool table", "footstool": "ottoman", "notice board": "bulletin board",
    "noticeboard": "bulletin board", "range hood": "hood", "iphone": "cell phone", "flowerpot": "pot",
    "smart phone": "cell phone", "desktop computer": "computer", "saucer": "plate",
    # kinds of a thing by another name: what the networks label them
    "sedan": "car", "hatchback": "car", "coupe": "car", "vespa": "motorcycle", "ewe": "sheep", "cub": "animal",
    "duckling": "bird", "chick": "bird", "goblet": "wine glass", "tumbler": "glass", "carafe": "bottle",
    "cooktop": "oven", "macbook": "laptop", "controller": "remote", "loveseat": "sofa", "futon": "sofa",
    "recliner": "chair", "lounger": "chair", "sun lounger": "chair", "sunbed": "chair", "highchair": "chair",
    "nightstand": "cabinet", "bunk bed": "bed", "cot": "bed",
    "doormat": "rug", "urinal": "toilet", "bidet": "toilet", "longboard": "skateboard", "bodyboard": "surfboard",
    "paddleboard": "surfboard", "dinghy": "boat", "jetski": "boat", "tote": "handbag", "bowtie": "tie",
    "sunhat": "apparel", "tuxedo cat": "cat", "calico cat": "cat", "tortoiseshell cat": "cat", "setter": "dog",
    "redhead": "person", "brunette": "person",
    # breeds: the animal the networks know
    "labrador": "dog", "lab": "dog", "chocolate lab": "dog", "chocolate labrador": "dog", "red panda": "animal",
    "retriever": "dog", "golden retriever": "dog", "poodle": "dog", "beagle": "dog",
    "bulldog": "dog", "terrier": "dog", "husky": "dog", "chihuahua": "dog", "dachshund": "dog", "pug": "dog",
    "corgi": "dog", "spaniel": "dog", "collie": "dog", "rottweiler": "dog", "doberman": "dog",
    "greyhound": "dog", "dalmatian": "dog", "german shepherd": "dog", "sheepdog": "dog", "hound": "dog",
    "mutt": "dog", "doggo": "dog", "pup": "dog", "pupper": "dog", "birdie": "bird", "fruit bat": "animal",
    "red wine": "wine glass", "white wine": "wine glass", "green tea": "cup", "black tea": "cup",
    "black coffee": "cup", "big rig": "truck", "semi truck": "truck", "cup of joe": "cup", "pumpkin": "food",
    "jack o lantern": "food", "jack o' lantern": "food",
    "gourd": "food",
    "tabby": "cat", "siamese": "cat", "persian cat": "cat", "stallion": "horse", "mare": "horse",
    "foal": "horse",
    # two words that name one thing, never their parts: a sea lion is no sea, a guard dog no guard
    # and a corn dog no dog (the head is the last word, but what it is can be neither)
    **{w: "animal" for w in ("sea lion", "sea turtle", "sea urchin", "sea otter", "horse fly", "horsefly",
                             "house fly", "housefly", "catfish", "bullfrog", "tree frog", "bed bug", "bedbug",
                             "prairie dog", "koala bear")},
    **{w: "dog" for w in ("guard dog", "lap dog", "cattle dog", "bird dog", "gun dog", "sled dog", "sheep dog",
                          "sausage dog", "street dog", "farm dog")},
    **{w: "cat" for w in ("house cat", "barn cat", "alley cat", "street cat", "farm cat")},
    "bear cub": "bear", "cowgirl": "person", "busboy": "person", "bus boy": "person",
    **{w: "food" for w in ("corn dog", "apple pie", "gummy bear", "seafood")},
    # vegetables by name are food: the vegetable concept is the detector's broccoli and carrots
    **{w: "food" for w in ("eggplant", "aubergine", "bell pepper", "cucumber", "onion", "garlic", "pepper",
                           "pea", "mushroom", "fungus", "fungi", "marshmallow", "spinach", "cabbage", "cauliflower",
                           "zucchini", "courgette",
                           "celery", "kale", "asparagus", "radish", "beetroot", "leek", "tortilla",
                           "spring roll")},
    **{w: "light" for w in ("floor lamp", "table lamp", "desk lamp", "bedside lamp")},
    **{w: "signboard" for w in ("road sign", "street sign", "traffic sign")},
    "sofa bed": "sofa", "phone booth": "booth", "telephone booth": "booth", "doll house": "plaything",
    "dollhouse": "plaything", "snow plow": "truck", "snowplow": "truck", "snowplough": "truck",
    "skylight": "window", "tablecloth": "table", "catwalk": "stage", "boathouse": "house",
    "treehouse": "house", "tree house": "house",
    # and such compounds written as one word
    **{w: "house" for w in ("farmhouse", "townhouse", "guesthouse", "henhouse", "gatehouse")},
    **{w: "building" for w in ("courthouse", "teahouse", "bathhouse")},
    **{w: "indoors" for w in ("ballroom", "courtroom", "homeroom", "guestroom")},
    **{w: "dining" for w in ("barroom", "lunchroom", "tearoom", "coffeehouse", "steakhouse")},
    **{w: "field" for w in ("farmland", "cornfield", "farmyard", "barnyard", "parkland")},
    **{w: "harbour" for w in ("shipyard", "boatyard", "dockyard", "seaport")},
    "seawater": "sea", "seashore": "beach", "brook": "river", "riverbed": "river", "foothill": "mountain",
    "foothills": "mountain",
    "waterbed": "bed", "bedpost": "bed", "bedclothes": "blanket", "flowerbed": "flower",
    **{w: "boat" for w in ("houseboat", "riverboat", "ferryboat")},
    **{w: "car" for w in ("headlight", "headlights", "taxicab", "carpool")},
    "carpark": "road", "boxcar": "train", "snowmobile": "vehicle",
    **{w: "person" for w in ("horseman", "horsemen", "horsewoman", "crewman", "crewmen", "seaman", "seamen",
                             "boatman", "boatmen", "coachman", "milkman", "doorman", "doormen", "barman",
                             "footman", "chairman", "chairwoman", "cabdriver", "cowhand", "farmhand", "stagehand",
                             "choirboy", "groomsman", "groomsmen", "skydiver", "ballplayer", "woodsman",
                             "woodsmen", "stepbrother", "stepsister", "stepchild", "stepchildren", "townspeople",
                             "ferryman", "frogman", "frogmen", "guardsman", "guardsmen", "batsman", "batsmen",
                             "baseman", "dockworker", "washerwoman", "cattleman", "cattlemen")},
    **{w: "cake" for w in ("cheesecake", "fruitcake")},
    **{w: "food" for w in ("cornbread", "applesauce", "potpie", "breadfruit")},
    "grapefruit": "fruit", "teaspoon": "spoon", "tablespoon": "spoon", "lunchbox": "box", "lunch box": "box",
    "beanbag": "chair", "breadbasket": "basket", "puppet": "plaything",
    **{w: "rock" for w in ("limestone", "sandstone", "bedrock")},
    **{w: "plant" for w in ("grapevine", "rosebush", "lemongrass")},
    **{w: "flower" for w in ("wallflower", "buttercup", "cornflower", "foxglove")},
    **{w: "animal" for w in ("earthworm", "polecat", "monkfish", "lionfish", "parrotfish", "rockfish", "dogfish")},
    **{w: "bird" for w in ("seabird", "catbird", "roadrunner", "sparrowhawk")},
    "wolfhound": "dog", "lapdog": "dog",
    **{w: "apparel" for w in ("turtleneck", "headband", "headscarf", "housecoat", "headdress", "armband")},
    "cookbook": "book", "handbook": "book", "signpost": "signboard", "flagpole": "pole", "footbridge": "bridge",
    **{w: "light" for w in ("headlamp", "streetlamp", "lamplight")},
    # animals and birds by name, which no network tells from the others of their kind
    **{w: "animal" for w in ("hippo", "antelope", "gazelle", "platypus", "sloth", "walrus", "mole", "hare", "mule",
                             "reindeer", "elk", "caribou", "panther", "cougar", "puma", "lynx", "bobcat", "coyote",
                             "meerkat", "mongoose", "armadillo", "porcupine", "chipmunk", "gopher", "weasel",
                             "mink", "orca", "manatee", "stingray", "eel", "trout", "tadpole", "newt",
                             "salamander", "toad", "beetle", "cicada", "locust", "warthog", "wombat", "lemur",
                             "baboon", "orangutan", "rhinoceros", "bullock")},
    **{w: "bird" for w in ("blackbird", "bluebird", "blue jay", "jay", "cardinal", "magpie", "finch", "wren",
                           "woodpecker", "kingfisher", "raven", "falcon", "dove", "canary", "cockatoo", "parakeet",
                           "budgie", "macaw", "puffin", "albatross", "egret", "ibis", "quail", "pheasant",
                           "partridge", "grouse", "emu", "goldfinch", "oriole", "mockingbird", "nightingale", "lark",
                           "thrush", "warbler", "chickadee", "kestrel", "osprey", "condor", "cormorant", "sandpiper",
                           "loon", "songbird", "bird of prey")},
    "ram": "sheep", "dingo": "dog", "salmon": "food",
    "ranch": "field", "village": "city", "suburb": "city", "hamlet": "city", "mansion": "house", "villa": "house", "freeway": "road",
    "cellar": "indoors", "pantry": "indoors",
    "dryer": "washer", "tumble dryer": "washer", "dumpster": "ashcan", "magazine": "book", "notebook": "book",
    # nouns shaped like an action ("-ing", "-ed"), which would otherwise be read as one
    **{w: "plant" for w in ("sapling", "seedling", "tumbleweed", "seaweed")},
    "starling": "bird", "gosling": "bird", "yearling": "horse", "steed": "horse", "herring": "animal",
    "bedding": "blanket", "woodshed": "house", "toolshed": "house",
    # a thing named by what it is for ("a drinking glass": a glass, not a drink beside a glass)
    "drinking glass": "glass", "cooking pot": "pot", "baking tray": "tray", "baking sheet": "tray",
}

# Concepts that stand for every kind of a thing that no network tells apart: a word for one kind
# ("a squirrel", "sushi", "a barn", "a shirt") searches for any of them, and the search says so
# (`query.parser.broadened`); concept → how one and several are said. A word for the whole
# (`GENERIC`) and a label's own name ("skyscraper", "lamp") name no kind.
BROAD: dict[str, tuple[str, str]] = {
    "animal": ("animal", "animals"), "bird": ("bird", "birds"), "food": ("food", "food"), "fruit": ("fruit", "fruit"),
    "vegetable": ("vegetable", "vegetables"), "plant": ("plant", "plants"), "flower": ("flower", "flowers"),
    "building": ("building", "buildings"), "house": ("house", "houses"), "vehicle": ("vehicle", "vehicles"),
    "apparel": ("clothing", "clothes"), "plaything": ("toy", "toys"), "light": ("light", "lights"),
    "person": ("person", "people")}
GENERIC = frozenset({"creature", "critter", "wildlife", "architecture", "human", "someone", "somebody", "anyone",
                     "anybody", "everyone", "everybody", "individual", "folks", "humanity", "mankind", "birdie",
                     "meal", "snack", "breakfast", "lunch",
                     "dinner", "takeaway", "sweets", "veggies", "bouquet", "blossom", "traffic", "traffic jam",
                     "transport", "transportation", "public transport", "clothes", "clothing", "garment", "outfit",
                     "laundry", "toy", "home"})

# Makes and brands people name things by: the thing the networks label. Before another thing a
# make only describes it ("a ford truck", "a yamaha piano", `BRANDS` in the parser). Left out are
# makes that are also common words (jaguar, mustang, beetle, mini, apple, galaxy, dodge, ram) and
# makers of many kinds of thing with none most photographed (samsung, sony)
BRANDS: dict[str, str] = {
    **{make: "car" for make in (
        "toyota", "nissan", "hyundai", "kia", "subaru", "mazda", "volkswagen", "vw", "bmw", "mercedes",
        "mercedes benz", "benz", "audi", "tesla", "porsche", "ferrari", "lamborghini", "maserati", "bugatti",
        "mclaren", "volvo", "fiat", "lexus", "peugeot", "renault", "citroen", "skoda", "opel", "cadillac",
        "chevrolet", "chevy", "chrysler", "buick", "pontiac", "gmc", "land rover", "range rover", "rolls royce",
        "bentley", "aston martin", "alfa romeo", "mitsubishi", "acura", "infiniti", "ford", "hummer", "prius",
        "corolla", "camry", "corvette", "rivian")},
    **{make: "vehicle" for make in ("honda", "suzuki")},  # cars and motorcycles alike
    **{make: "motorcycle" for make in ("harley", "harley davidson", "ducati", "kawasaki", "yamaha")},
    **{make: "truck" for make in ("peterbilt", "kenworth", "freightliner", "scania")},
    **{make: "airplane" for make in ("boeing", "airbus", "cessna", "learjet", "concorde", "dreamliner", "a380", "a320",
                                     "a330", "a350")},
    **{make: "train" for make in ("amtrak", "eurostar", "shinkansen")},
    **{make: "laptop" for make in ("thinkpad", "chromebook")},
    **{make: "computer" for make in ("imac",)},
    **{make: "cell phone" for make in ("nokia", "motorola", "samsung galaxy")},
    **{make: "drink" for make in ("coca cola", "pepsi")},
    # a service named alone is its people ("the police"), and before a thing it describes the thing
    # as a make does ("a police van", "a police boat": the van, the boat)
    "police": "person",
}

# Activities: the thing that shows them ("people skiing" = people and skis).
ACTIVITIES: dict[str, str] = {
    "surfing": "surfboard", "skiing": "skis", "snowboarding": "snowboard", "skateboarding": "skateboard",
    "cycling": "bicycle", "biking": "bicycle", "sailing": "boat", "boating": "boat", "kayaking": "boat",
    "canoeing": "boat", "rowing": "boat", "kiting": "kite", "kitesurfing": "kite", "camping": "tent", "yoga": "person",
    "reading": "book", "cooking": "kitchen", "baking": "oven", "texting": "cell phone", "drinking": "drink",
}

# Words that get no plural form of their own: no nouns (snowy, inside), mass nouns (mud, tea) and
# irregular plurals (men, children, drapes). Regular plurals need no entry: a word that is another
# word's plural form is not pluralised again (`Vocabulary.__init__`).
NOT_NOUNS = frozenset({"police", "pyjamas", "pajamas", "overalls", "leggings", "snowy", "sandy", "inside", "outside",
                       "interior", "nature", "traffic", "downtown",
                       "countryside", "cattle", "livestock", "poultry", "fungi", "men", "women", "children", "stepchildren", "townspeople",
                       "drapes", "tiles", "woods",
                       "scissors", "flooring", "breakfast", "lunch", "dinner", "mud", "soil", "gravel",
                       "earth", "luggage", "coffee", "tea", "cardboard", "wine", "tennis", "soccer", "clothes",
                       "clothing", "wildlife", "bleachers", "baseball", "friends", "surfing", "skiing", "snowboarding",
                       "skateboarding", "cycling", "biking", "sailing", "boating", "kayaking", "canoeing", "rowing",
                       "kiting", "kitesurfing", "camping", "reading", "cooking", "baking", "texting", "horseback",
                       "fries", "chips", "crisps", "noodles", "rice", "pasta", "spaghetti", "sushi", "lettuce",
                       "popcorn", "meat", "mustard",
                       "ketchup", "milk", "drinking", "lemonade", "champagne", "whisky", "whiskey", "vodka", "cocoa",
                       "hot chocolate", "billiards", "snooker", "cutlery", "silverware", "furniture",
                       "sports equipment", "sports gear", "crockery", "dinnerware", "kitchenware", "dishware",
                       "tableware", "someone", "somebody", "everyone", "everybody", "anyone", "anybody", "mercedes",
                       "mercedes benz", "coca cola", "pepsi"})

# Scenes: concepts defined by a query over other concepts.
SCENES: dict[str, str] = {
    "beach": "sand and (sea or water or sky or umbrella or surfboard)",
    "street": "road and (car or bus or truck or motorcycle or bicycle or building or sidewalk or traffic light)",
    "city": "building or skyscraper",
    "kitchen": "oven or microwave or refrigerator or kitchen island or (sink and counter) or toaster",
    "bathroom": "toilet or bathtub or shower or (sink and mirror)",
    "bedroom": "bed",
    "living room": "sofa or fireplace or (tv and chair)",
    "office": "desk or computer or swivel chair",
    "forest": "tree > 40%",
    "park": "grass and tree",
    "garden": "(grass or plant or flower) and (tree or plant or flower or fence)",
    "snow": "skis or snowboard",
    "playing field": "(grass or field or dirt or sand or floor or road or sidewalk) and (sports ball or tennis racket "
                     "or baseball bat or baseball glove or frisbee)",
    "harbour": "boat and (sea or water or pier)",
    "indoors": "ceiling or floor or bed or sofa or cabinet or refrigerator",
    "portrait": "person > 20%",
    "couple": "at least 2 people",
    "group": "at least 3 people",
    "crowd": "at least 6 people",
    "dining": "table and chair and (food or cup or wine glass or bottle or bowl or plate or fork or knife or spoon)",
    "furniture": "sofa or chair or table or bed or cabinet or desk or shelf or armchair",
    "library": "shelf and book",
    "airport": "airplane or runway",
    "baseball": "baseball bat or baseball glove",
    "desert": "sand and not (sea or water)",
    "outdoors": "sky or tree or grass or road or sea or mountain",
    "drink": "bottle or cup or wine glass or glass",
    "zoo": "elephant or giraffe or zebra or bear",
    # the animals people keep at home and photograph: a giraffe was the first photo for "pets"
    "pet": "dog or cat",
    "cutlery": "fork or knife or spoon",
    # kinds of things, as people group them ("furniture" above): each the things of it a network labels
    "electronics": "tv or computer or laptop or cell phone or keyboard or mouse or remote or screen",
    "appliance": "oven or microwave or refrigerator or toaster or dishwasher or washer or hair drier",
    "sports equipment": "ball or kite or frisbee or skis or snowboard or skateboard or surfboard or tennis racket "
                        "or baseball bat or baseball glove",
    "tableware": "cup or bowl or plate or wine glass or glass or fork or knife or spoon",
}
# Scenes that are kinds of things: counted as a concept of several labels is, one of their
# things at a time ("two drinks": two bottles, two cups, ...; `query.parser._kind_counted`)
KINDS_OF_THINGS = frozenset({"pet", "furniture", "drink", "cutlery", "electronics", "appliance", "sports equipment",
                             "tableware"})
SCENE_SYNONYMS = {"sports field": "playing field", "pitch": "playing field", "court": "playing field",
                  "tennis court": "playing field", "baseball field": "playing field",
                  "football pitch": "playing field", "soccer field": "playing field", "playground": "playing field",
                  "harbor": "harbour", "port": "harbour", "marina": "harbour", "lounge": "living room",
                  "coastline": "beach", "boulevard": "street", "plaza": "city", "urban": "city",
                  "class photo": "group", "team photo": "group",
                  "livingroom": "living room", "restroom": "bathroom", "washroom": "bathroom",
                  "selfie": "portrait", "headshot": "portrait", "family": "group", "friends": "group",
                  "team": "group", "restaurant": "dining", "cafe": "dining", "food court": "dining",
                  "coffee shop": "dining", "coffee bar": "dining", "tea shop": "dining", "tea room": "dining",
                  "dining room": "dining",
                  "diner": "dining", "canteen": "dining", "bookshop": "library", "bookstore": "library",
                  "beverage": "drink", "beer": "drink", "soda": "drink", "coke": "drink", "lager": "drink",
                  "juice": "drink", "milk": "drink",
                  "cocktail": "drink", "lemonade": "drink", "smoothie": "drink", "champagne": "drink",
                  "whisky": "drink", "whiskey": "drink", "vodka": "drink", "hot chocolate": "drink",
                  "cocoa": "drink", "orange juice": "drink", "apple juice": "drink", "milkshake": "drink",
                  "iced tea": "drink", "utensils": "cutlery", "silverware": "cutlery",
                  "electronic": "electronics", "electronic devices": "electronics", "devices": "electronics",
                  "device": "electronics", "gadget": "electronics", "gadgets": "electronics",
                  "home appliances": "appliance", "household appliances": "appliance",
                  "kitchen appliances": "appliance", "white goods": "appliance", "sports gear": "sports equipment",
                  "sporting goods": "sports equipment", "sports kit": "sports equipment",
                  "crockery": "tableware", "dinnerware": "tableware", "kitchenware": "tableware",
                  "dishware": "tableware", "sports": "sports equipment", "sport": "sports equipment"}


@dataclass(frozen=True)
class Concept:
    name: str
    kind: ConceptKind
    members: tuple[tuple[str, str], ...]  # (label set, label name); empty for scenes
    definition: str | None = None  # scenes: a query over other concepts

    def as_dict(self) -> dict[str, object]:
        return {"concept": self.name, "kind": self.kind,
                "labels": [f"{net}:{label}" for net, label in self.members], "definition": self.definition}


def plural_forms(word: str) -> list[str]:
    """English plurals good enough for object words (bus→buses, sheep stays, party→parties);
    for a phrase the last word is inflected (traffic lights)."""
    head, _, last = word.rpartition(" ")
    prefix = f"{head} " if head else ""
    if last in _IRREGULAR:  # and the plurals typed of words the same in both numbers ("sheeps", "fishes")
        return [prefix + _IRREGULAR[last]] + [prefix + last + ("es" if last == "fish" else "s")] * (
            last in ("sheep", "deer", "fish")) + [prefix + last + "es"] * last.endswith("us")  # cacti, cactuses
    if last.endswith("man") and last not in ("human", "german", "shaman", "ottoman", "talisman", "caiman", "doberman"):  # fireman → firemen
        return [prefix + last[:-3] + "men"]
    if last.endswith(("x", "ch", "sh", "ss", "us", "is", "as")) and last != "skis":  # skis: already a plural
        return [prefix + last + "es"] + [prefix + "busses"] * (last == "bus")  # either spelling
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        return [prefix + last[:-1] + "ies"]
    if last in ("knife", "wife", "life", "shelf", "leaf", "loaf", "wolf", "calf", "half", "scarf"):
        return [prefix + last.rstrip("e")[:-1] + "ves"] + ([prefix + "scarfs"] if last == "scarf" else [])
    if last.endswith("s"):  # already a plural (stairs, jeans, skis, persons): no "stairses"
        return []
    return [prefix + last + "s"]


_IRREGULAR = {"person": "people", "child": "children", "mouse": "mice", "foot": "feet", "goose": "geese",
              "tooth": "teeth", "ox": "oxen", "tomato": "tomatoes", "potato": "potatoes", "sheep": "sheep",
              "deer": "deer", "fish": "fish", "mango": "mangoes", "volcano": "volcanoes", "cactus": "cacti",
              "grandchild": "grandchildren", "moose": "moose", "bison": "bison"}
# a body part's words, singular and plural: they belong to the person or animal they are on
BODY_PART_WORDS = frozenset(BODY_PARTS) | {p for part in BODY_PARTS for p in plural_forms(part)}


CLOSE = 0.6  # difflib's ratio from which a word typed may be a slip of a vocabulary word (`Vocabulary.suggest`)


def typing_slips(typed: str, word: str) -> float:
    """Edit distance from `typed` to `word` counting the slips of typing: a missing, extra or
    swapped letter or a wrong one costs 1, a wrong vowel for a vowel 0.5 (spelling by sound), and
    so does a letter typed twice ("caat" is a cat before a coat)."""
    vowels = set("aeiou")
    prev2: list[float] = []
    prev = [float(j) for j in range(len(word) + 1)]
    for i, a in enumerate(typed, 1):
        row = [float(i)] + [0.0] * len(word)
        for j, b in enumerate(word, 1):
            change = 0.0 if a == b else (0.5 if a in vowels and b in vowels else 1.0)
            doubled = 0.5 if i > 1 and typed[i - 2] == a else 1.0  # a key pressed twice
            row[j] = min(prev[j] + doubled, row[j - 1] + 1, prev[j - 1] + change)
            if i > 1 and j > 1 and a == word[j - 2] and typed[i - 2] == b:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


# A word one slip from a vocabulary word is read as that word mistyped only where it is rare beside
# it: in the English word counts below, under SLIP_ODDS of the vocabulary word's count. A single
# slip of typing turns a word into any one of its ~50 near neighbours, each at well under 1% of the
# times it is typed, so a word of its own that people write at least that often is far likelier
# meant as typed ("text" is not a mistyped tent, "bricks" not brides, "toad" not road), while
# slips ("dgo", "catt", "tabel") are rare or absent.
SLIP_ODDS = 0.01
# A word spelt by sound, a vowel for a vowel, is a likelier slip, one a speller makes knowing the
# word ("beech" for beach: a slip at 1.3% of beach's count), so it is one under a tenth of the
# word's count; "him" (not ham), "well" (not wall), "dig" (not dog) are words of their own.
SOUND_SLIP_ODDS = 0.1
# A word people write often (WORD_OF_ITS_OWN times or more in the counts: about the 25,000
# commonest) is a word of its own whatever it is a slip away from: "a steep hill" (1/57 as often as
# step), "a brook in the woods", "reeds", "fins", names ("max on the beach") had been refused as
# "did you mean 'step'?". None of codespell's 1,247 misspellings of vocabulary words is that
# common (its one at 1,861, "controlller", is no slip either), and a word left out is named,
# where a refused real word leaves the user nothing to search.
WORD_OF_ITS_OWN = 1000


@functools.cache
def _english_counts() -> tuple["WordFrequency", int]:
    """English word counts (pyspellchecker's: 160,000 words counted in film subtitles) and their
    floor, loaded on first use (0.1 s): only a word the vocabulary does not know needs them."""
    from spellchecker import SpellChecker

    counts = SpellChecker(language="en", distance=1).word_frequency
    return counts, min(counts.dictionary.values(), default=0)


# British spellings and their American forms, which the counts' subtitles mostly use ("colour" is
# counted 0 times, "color" 55,387): a British word counts as its American form, not as a slip
# ("colour" was taken for a mistyped cloud, "tyres" for trees, "cheque" for cheese)
_AMERICAN = ((re.compile(r"(?<=\w\w)our(?=s?$|ful|ed|ing|ite|hood|able)"), "or"),  # colour, neighbourhood, favourite
             (re.compile(r"([bt])re(?=s?$)"), r"\1er"),  # theatre, centre, fibre
             (re.compile(r"([bt])red$"), r"\1ered"),  # centred
             (re.compile(r"ellery$"), "elry"),  # jewellery
             (re.compile(r"yre(?=s?$)"), "ire"),  # tyre
             (re.compile(r"que(?=s?$)"), "ck"),  # cheque
             (re.compile(r"ogue(?=s?$)"), "og"),  # catalogue, dialogue
             (re.compile(r"(?<=[aeiou][lnrtv])is(?=e[sd]?$|ing$|ation)"), "iz"),  # organise, realised
             (re.compile(r"ys(?=e[sd]?$|ing$)"), "yz"),  # analyse
             (re.compile(r"ence(?=s?$)"), "ense"),  # licence, defence
             (re.compile(r"mme(?=s?$)"), "m"),  # programme
             (re.compile(r"ll(?=ed$|ing$|er$|ery$)"), "l"))  # travelled, jewellery (jewelery)


def american_forms(word: str) -> list[str]:
    """The American spellings a British `word` may have (`_AMERICAN`; none for most words)."""
    return [form for pattern, american in _AMERICAN if (form := pattern.sub(american, word)) != word]


def english_count(word: str) -> int:
    """How often `word` occurs in English text (a count out of 1.6 billion words), a British
    spelling as its American form (`american_forms`). 0 for a word never seen, a phrase or a slip
    of typing, and for the two thirds of the list's words that its dictionary holds but its text
    barely uses ("boart", "horae": all given the list's floor), as a rare word one slip from a
    common one is likelier that word mistyped."""
    if not re.fullmatch(r"[A-Za-z']+", word):
        return 0
    counts, floor = _english_counts()
    count = max(counts[form] for form in [word.lower(), *american_forms(word.lower())])
    return count if count > floor else 0


def likely_slip(typed: str, meant: str) -> bool:
    """Whether the word `typed` is more likely the vocabulary word `meant` mistyped than a word of
    its own (`SLIP_ODDS`, or `SOUND_SLIP_ODDS` for a vowel for a vowel; never a word written
    `WORD_OF_ITS_OWN` times or more); always where `meant` is a
    phrase ("hot dog"), which has no count. (Two words that mistype a phrase are a slip without
    counts: `parser._phrase_slip`.)"""
    if " " in meant:
        return True
    count = english_count(typed)
    if count >= WORD_OF_ITS_OWN:
        return False
    odds = SOUND_SLIP_ODDS if typing_slips(typed.lower(), meant.lower()) < 1 else SLIP_ODDS
    return count < max(1.0, odds * english_count(meant))


def _parse_member(text: str) -> tuple[str, str]:
    net, _, label = text.partition(":")
    if net not in LABEL_SETS or label not in LABEL_SETS[net].names:
        raise ValueError(f"unknown label {text!r} in the vocabulary table")
    return net, label


def _split_members(spec: str) -> tuple[tuple[str, str], ...]:
    """'voc:person ade20k:swivel chair coco:person' → pairs (label names may contain spaces)."""
    pieces: list[str] = []
    for chunk in spec.split():
        if ":" in chunk or not pieces:
            pieces.append(chunk)
        else:  # continues the previous label's name
            pieces[-1] += f" {chunk}"
    return tuple(_parse_member(p) for p in pieces)


class Vocabulary:
    """Every concept and every word that names one."""

    def __init__(self) -> None:
        self.concepts: dict[str, Concept] = {}
        grouped: set[tuple[str, str]] = set()
        for name, spec in GROUPS.items():
            members = _split_members(spec)
            grouped.update(members)
            self.concepts[name] = Concept(name, self._kind(members), members)
        for label_set in (VOC, ADE20K, COCO):
            for label in label_set.labels:
                key = (label_set.network, label.name)
                name = label.name
                if label.kind == "background" or (key in grouped and (name in self.concepts or SYNONYMS.get(name, name) != name)):
                    continue  # the label answers through a group (e.g. coco:couch → sofa)
                if SYNONYMS.get(name, name) != name and SYNONYMS[name] in self.concepts:
                    target = self.concepts[SYNONYMS[name]]  # its name means another concept: join it
                    self.concepts[target.name] = Concept(target.name, target.kind, target.members + (key,))
                    continue
                if name in self.concepts:
                    existing = self.concepts[name]
                    if key not in existing.members:
                        self.concepts[name] = Concept(name, existing.kind, existing.members + (key,))
                else:
                    self.concepts[name] = Concept(name, "stuff" if label.kind == "stuff" else "thing", (key,))
        for name, definition in SCENES.items():
            self.concepts[name] = Concept(name, "scene", (), definition)
        # any thing at all, for a colour said of no thing ("something red", "red things", "red"):
        # every thing label of every network, after all others so that no label answers for it first
        self.concepts[ANY_THING] = Concept(ANY_THING, "thing", tuple(
            (s.network, label.name) for s in (VOC, ADE20K, COCO) for label in s.labels if label.kind == "thing"))
        self.words: dict[str, str] = {}
        for name in self.concepts:
            self._add_word(name, name)
        for word, name in {**SYNONYMS, **BRANDS, **SCENE_SYNONYMS, **ACTIVITIES}.items():
            if name not in self.concepts:
                raise ValueError(f"synonym {word!r} names unknown concept {name!r}")
            self.words[word] = name  # synonyms win over label names (e.g. "lamp" → light)
        singular = [w for w in self.words if w not in NOT_NOUNS]
        plurals = {p for w in singular for p in plural_forms(w)}
        for word in singular:
            if word in plurals and word.split()[-1] not in _IRREGULAR:  # already a plural ("houses"): no "houseses"
                continue
            # a make's plural keeps its name whole: chevys, camrys, benzes
            for plural in [word + ("es" if word.endswith(("s", "x", "z")) else "s")] if word in BRANDS \
                    else plural_forms(word):
                self.words.setdefault(plural, self.words[word])
        # a word of several typed as one ("teddybear", "firehydrant", "trafficlights") → that word,
        # which the parser reads in its place (none is a word of its own but "anything", which is
        # no `any thing`); kept apart from `words`, which lists each word once
        self.closed = {w.replace(" ", ""): w for w in self.words
                       if " " in w and self.words[w] != ANY_THING and w.replace(" ", "") not in self.words}
        # the words that say more than one ("dogs", "people", "stairs"): a number after one of them
        # counts it rather than naming it ("dogs 3", not "bus 42")
        self.plurals = frozenset(w for w in self.words if w in plurals or w.endswith("s") and w[:-1] in self.words)
        self.max_words = max(len(w.split()) for w in self.words)
        self._label_concepts: dict[tuple[str, str], str] = {}  # (network, label) -> its first concept
        for concept in self.concepts.values():
            for member in concept.members:
                self._label_concepts.setdefault(member, concept.name)

    @staticmethod
    def _kind(members: tuple[tuple[str, str], ...]) -> ConceptKind:
        kinds = {LABEL_SETS[n].labels[LABEL_SETS[n].index(l)].kind for n, l in members}
        return "stuff" if kinds == {"stuff"} else "thing"

    def _add_word(self, word: str, name: str) -> None:
        self.words.setdefault(word, name)

    def concept(self, word: str) -> Concept | None:
        """The concept a word names, a word of several typed as one ("teddybear") as its words."""
        name = self.words.get(self.closed.get(word.lower(), word.lower()))
        return self.concepts[name] if name is not None else None

    def suggest(self, word: str) -> str | None:
        """The vocabulary or colour word `word` most likely mistypes: among the close ones (difflib) one slip
        away, or with the same first letter and at most a third of its length in slips (`typing_slips`),
        the nearest, a vowel for a vowel counting half ("beech" is a beach before a bench); None
        when none is that close. (Of two words equally near, the commoner English word was tried:
        on codespell's 942 real misspellings of vocabulary words it offered 6 more their word and 8
        fewer, "nife" a wife, "iland" land.) Whether the word is more likely meant as typed is
        `likely_slip`'s to say."""
        word = word.lower()
        known = [*self.words, *COLOUR_WORDS]  # a colour mistyped too ("blak dog")
        slips = {w: typing_slips(word, w) for w in difflib.get_close_matches(word, known, n=8, cutoff=CLOSE)}
        close = [w for w, n in slips.items() if n <= 1 or (w[0] == word[0] and n <= (len(word) + 2) // 3)]
        return min(close, key=lambda w: (slips[w], -difflib.SequenceMatcher(None, word, w).ratio(), w), default=None)

    def concept_of_label(self, network: str, label: str) -> str:
        """The concept a label answers for first (grouped concepts before a label's own)."""
        return self._label_concepts.get((network, label), label)

    def listing(self) -> list[dict[str, object]]:
        """Every concept with its words and what it means, for `segsearch vocabulary`, then every
        colour (kind "colour") with its words."""
        words: dict[str, list[str]] = {}
        for word, name in sorted(self.words.items()):
            words.setdefault(name, []).append(word)
        from .colours import DESCRIBES, MONOCHROME

        colours: dict[str, list[str]] = {}
        for word, colour in sorted(COLOUR_WORDS.items()):
            colours.setdefault(colour, []).append(word)
        def coat(colour: str) -> str:
            coats = COAT_COLOURS.get(colour, (colour,))
            return f"; of an animal's coat {', '.join(coats[:-1])} or {coats[-1]}" if len(coats) > 1 else ""

        return [{**c.as_dict(), "words": words.get(c.name, [])} for c in self.concepts.values()] + [
            {"concept": colour, "kind": "colour", "labels": [], "words": said,
             "definition": f"before an object (\"{'an' if colour[0] in 'aeiou' else 'a'} {colour} car\"): at least "
                           f"{DESCRIBES:.0%} of a segment of it is {colour}{coat(colour)}"}
            for colour, said in colours.items()] + [
            {"concept": "black and white", "kind": "look", "definition": "the photo, where no thing after it takes "
             "the colours (\"black and white photos\", \"a black and white photo of a dog\"): at most "
             f"{MONOCHROME:.0%} of it has a hue", "labels": [], "words": list(LOOKS)},
            {"concept": "in colour", "kind": "look", "definition": "the photo, said of it (\"colour photos\", \"a "
             f"street in colour\"): more than {MONOCHROME:.0%} of it has a hue, the opposite of black and white",
             "labels": [], "words": [f"in {c}" for c in IN_COLOUR] + [f"{c} photos" for c in COLOUR_LOOK]}] + [
            {"concept": shape, "kind": "look", "labels": [],
             "definition": f"the photo's shape: {means}" + ("; said before a photo word (\"square photos\")"
                                                            if shape in SHAPES_BEFORE_A_PHOTO else ""),
             "words": [w for w, s in SHAPES.items() if s == shape]} for shape, means in SHAPE_MEANS.items()]


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary()


# An emoji's Unicode name names what it shows first: "beach with umbrella", "couch and lamp",
# "bridge at night", "snowman without snow"; after "of" the thing is the second ("slice of pizza",
# and "bar of soap" is no bar); a face is its owner ("dog face", "pouting cat face"; "grinning
# face" is a feeling, no one in particular), a hand, a palm or an eye a gesture, and "sign" is Unicode's word
# for a symbol ("thumbs up sign", "sign of the horns"), not a signboard.
_EMOJI_PARTS = re.compile(r" (?:with|without|and|at|over|in|on) ")


@functools.lru_cache(maxsize=1024)
def emoji_word(emoji: str) -> str | None:
    """The vocabulary word an emoji stands for, read from its Unicode name (no table of emoji):
    🐶 "dog face" → dog, 🚦 "vertical traffic light" → traffic light (the longest known ending of
    what it shows first, as English puts the head of a compound last: 🍼 "baby bottle" is a bottle),
    🏖 "beach with umbrella" → beach; None when that names no vocabulary word (🔥 fire, 😂 "face
    with tears of joy", ✋ "raised hand"). Of a sequence (👩‍🍳, 🐕‍🦺, a skin tone), the first emoji
    names it."""
    try:
        name = unicodedata.name(emoji[0]).lower()
    except ValueError:
        return None
    first = _EMOJI_PARTS.split(name)[0]
    before, of, after = first.partition(" of ")
    tokens = [t for t in (after if of else before).split() if t != "face"]
    words = vocabulary().words
    gestures = {"sign", "palm", *BODY_PART_WORDS}
    for i in range(len(tokens)):
        phrase = " ".join(tokens[i:])
        if phrase in words:
            return None if phrase in gestures else phrase
    return None
    if name.endswith((" sign", " symbol")):
        return None
    first = _EMOJI_PARTS.split(name)[0]
    before, of, after = first.partition(" of ")
    words = vocabulary().words
    for part in ([after, before] if of else [first]):
        tokens = [t for t in part.split() if t != "face"]
        for i in range(len(tokens)):
            if " ".join(tokens[i:]) in words:
                return " ".join(tokens[i:])
    return None

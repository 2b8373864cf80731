"""Files: session files, exported derivations and scripts, images and image folders, atomic writes."""

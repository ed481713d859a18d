"""What ``ami run`` prepares for RunInstances: block-device mappings, and the user-data document with its resources."""

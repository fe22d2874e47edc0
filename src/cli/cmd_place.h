/* The sub-commands of keep place (cmd_place.c): each a function and its --help, in its
 * own file (cmd_place_<part>.c). */
#ifndef KEEP_CLI_CMD_PLACE_H
#define KEEP_CLI_CMD_PLACE_H

#endif

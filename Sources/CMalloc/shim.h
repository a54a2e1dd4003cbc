// mallopt and its parameters: not part of the Glibc module Swift imports.
#include <malloc.h>

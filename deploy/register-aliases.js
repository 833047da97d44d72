// Preloaded in the image (node -r ./register-aliases.js): maps @roster/* to the compiled libs in dist/.
const { join } = require('node:path');
const { compilerOptions } = require('./tsconfig.json');
require('tsconfig-paths').register({ baseUrl: join(__dirname, 'dist'), paths: compilerOptions.paths });

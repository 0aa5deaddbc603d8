@echo off
rem prebuildify --node-gyp shim for Windows (prebuildify runs it through cmd.exe).
node "%~dp0prebuildify-cmake.js" %*

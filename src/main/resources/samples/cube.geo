// Meshwatch sample: a unit cube, meshed with tetrahedra.
SetFactory("OpenCASCADE");
Box(1) = {0, 0, 0, 1, 1, 1};
Mesh.CharacteristicLengthMax = 0.08;
Physical Volume("solid") = {1};
